//! Generic netlink: the `genlmsghdr`, and resolving a family's id, version,
//! header size, max attribute and multicast groups by name through nlctrl
//! (`CTRL_CMD_GETFAMILY`), cached per socket because ids never change while
//! the family stays registered.

use crate::attr::Attrs;
use crate::builder::MessageBuilder;
use crate::error::Error;
use crate::message::{Message, MessageError, MessageErrorKind};
use crate::schemas::genetlink::*;
use crate::socket::{Protocol, Socket};

/// `struct genlmsghdr`: the command and its version (plus 2 reserved bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenlHeader {
    /// `cmd`.
    pub cmd: u8,
    /// `version`.
    pub version: u8,
}

impl GenlHeader {
    /// Decode the `genlmsghdr` at the start of a message's payload.
    pub fn parse(msg: &Message<'_>) -> Result<GenlHeader, MessageError> {
        let b = msg.fixed_header(GENL_HDRLEN)?;
        match b {
            [cmd, version, ..] => Ok(GenlHeader {
                cmd: *cmd,
                version: *version,
            }),
            _ => Err(MessageError {
                offset: msg.offset(),
                kind: MessageErrorKind::ShortPayload {
                    needed: GENL_HDRLEN,
                    available: b.len(),
                },
            }),
        }
    }

    /// The 4 bytes of the header.
    pub fn to_bytes(self) -> [u8; GENL_HDRLEN] {
        [self.cmd, self.version, 0, 0]
    }
}

/// The attributes of a generic-netlink message whose family has a user
/// header of `hdrsize` bytes after the `genlmsghdr`.
pub fn genl_attrs<'a>(msg: &Message<'a>, hdrsize: usize) -> Result<Attrs<'a>, MessageError> {
    msg.attrs(GENL_HDRLEN + hdrsize)
}

/// A multicast group of a generic-netlink family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct McastGroup {
    /// Group name (e.g. `"monitor"`).
    pub name: String,
    /// Group id to pass to [`Socket::join_group`].
    pub id: u32,
}

/// A resolved generic-netlink family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// Family name.
    pub name: String,
    /// Id, used as `nlmsg_type`.
    pub id: u16,
    /// Family version (`genlmsghdr.version` to send).
    pub version: u32,
    /// Size of the family's user header after `genlmsghdr`.
    pub hdrsize: u32,
    /// Highest attribute type.
    pub maxattr: u32,
    /// Multicast groups.
    pub groups: Vec<McastGroup>,
}

/// A resolved family as its messages name it: the id (`nlmsg_type`) and the version
/// (`genlmsghdr.version`). What a family's operations are built with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FamilyId {
    /// Family id.
    pub id: u16,
    /// Family version, as sent in `genlmsghdr.version`.
    pub version: u8,
}

impl From<&Family> for FamilyId {
    fn from(f: &Family) -> FamilyId {
        f.family_id()
    }
}

impl FamilyId {
    /// A request for command `cmd` of this family holding `body` (a struct derived for one of
    /// the family's messages).
    pub fn message<T: crate::codec::ToMessage + ?Sized>(
        self,
        cmd: u8,
        flags: u16,
        body: &T,
    ) -> MessageBuilder {
        let mut b = MessageBuilder::new_genl(self.id, flags, cmd, self.version);
        body.write_payload(&mut b);
        b
    }

    /// The command of a message of this family, or `None` for any other message.
    pub fn command_of(self, msg: &Message<'_>) -> Option<u8> {
        if msg.kind() != self.id {
            return None;
        }
        GenlHeader::parse(msg).ok().map(|h| h.cmd)
    }
}

impl Family {
    /// The id and version its messages carry.
    pub fn family_id(&self) -> FamilyId {
        FamilyId {
            id: self.id,
            version: u8::try_from(self.version).unwrap_or(u8::MAX),
        }
    }

    /// The id of the multicast group called `name`, or [`Error::NotFound`] naming the group
    /// and the family.
    pub fn require_group(&self, name: &str) -> Result<u32, Error> {
        self.group(name).ok_or_else(|| {
            Error::NotFound(format!(
                "multicast group {name:?} of generic netlink family {:?}",
                self.name
            ))
        })
    }

    /// The id of the multicast group called `name`.
    pub fn group(&self, name: &str) -> Option<u32> {
        self.groups.iter().find(|g| g.name == name).map(|g| g.id)
    }

    /// Decode a `CTRL_CMD_NEWFAMILY` message from nlctrl.
    pub fn from_message(msg: &Message<'_>) -> Result<Family, Error> {
        let mut f = Family {
            name: String::new(),
            id: 0,
            version: 0,
            hdrsize: 0,
            maxattr: 0,
            groups: Vec::new(),
        };
        for a in genl_attrs(msg, 0)? {
            let a = a?;
            match a.kind() {
                CTRL_ATTR_FAMILY_ID => f.id = a.as_u16()?,
                CTRL_ATTR_FAMILY_NAME => f.name = a.as_str()?.to_owned(),
                CTRL_ATTR_VERSION => f.version = a.as_u32()?,
                CTRL_ATTR_HDRSIZE => f.hdrsize = a.as_u32()?,
                CTRL_ATTR_MAXATTR => f.maxattr = a.as_u32()?,
                CTRL_ATTR_MCAST_GROUPS => {
                    // An indexed array: each entry is a nest of NAME + ID.
                    for entry in a.nested() {
                        let mut g = McastGroup {
                            name: String::new(),
                            id: 0,
                        };
                        for ga in entry?.nested() {
                            let ga = ga?;
                            match ga.kind() {
                                CTRL_ATTR_MCAST_GRP_NAME => g.name = ga.as_str()?.to_owned(),
                                CTRL_ATTR_MCAST_GRP_ID => g.id = ga.as_u32()?,
                                _ => {}
                            }
                        }
                        f.groups.push(g);
                    }
                }
                _ => {}
            }
        }
        Ok(f)
    }
}

fn require_generic(sock: &Socket) -> Result<(), Error> {
    if sock.protocol() == Protocol::GENERIC {
        Ok(())
    } else {
        Err(Error::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "generic netlink family lookup needs a NETLINK_GENERIC socket, not {}",
                sock.protocol()
            ),
        )))
    }
}

/// The `CTRL_CMD_GETFAMILY` request for `name`.
pub fn get_family_request(name: &str) -> MessageBuilder {
    let mut b = MessageBuilder::new_genl(GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
    b.attr_str(CTRL_ATTR_FAMILY_NAME, name);
    b
}

/// Decode the reply to [`get_family_request`].
pub(crate) fn family_from_reply(
    name: &str,
    r: Result<crate::request::Reply, Error>,
) -> Result<Family, Error> {
    let reply = match r {
        Ok(r) => r,
        Err(Error::Kernel(k)) if k.errno == libc::ENOENT => {
            return Err(Error::FamilyNotFound(name.to_owned()))
        }
        Err(e) => return Err(e),
    };
    for m in reply.messages() {
        let m = m?;
        if m.kind() == GENL_ID_CTRL {
            return Family::from_message(&m);
        }
    }
    Err(Error::FamilyNotFound(name.to_owned()))
}

/// The nlctrl lookup of one family by name (`CTRL_CMD_GETFAMILY`), as an operation both drivers
/// run: [`Family`], or [`Error::FamilyNotFound`] when no such family is registered.
#[derive(Debug, Clone)]
pub struct GetFamily<'a>(pub &'a str);

impl crate::op::Request for GetFamily<'_> {
    type Output = Family;
    fn request(&self) -> Result<crate::op::Outgoing, Error> {
        Ok(get_family_request(self.0).into())
    }
    fn finish(&self, reply: crate::request::Reply) -> Result<Family, Error> {
        family_from_reply(self.0, Ok(reply))
    }
    fn on_error(&self, error: Error) -> Result<Family, Error> {
        family_from_reply(self.0, Err(error))
    }
}

impl Socket {
    /// Resolve a generic-netlink family by name (cached on this socket).
    pub fn resolve_family(&mut self, name: &str) -> Result<&Family, Error> {
        require_generic(self)?;
        if !self.families.contains_key(name) {
            let r = self.request(&mut get_family_request(name));
            let fam = family_from_reply(name, r)?;
            self.families.insert(name.to_owned(), fam);
        }
        self.families
            .get(name)
            .ok_or_else(|| Error::FamilyNotFound(name.to_owned()))
    }

    /// Forget cached families (e.g. after a module reload changed ids).
    pub fn forget_families(&mut self) {
        self.families.clear();
    }

    /// Dump every registered family through nlctrl.
    pub fn list_families(&mut self) -> Result<Vec<Family>, Error> {
        require_generic(self)?;
        let mut req = MessageBuilder::new_genl(GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
        let mut out = Vec::new();
        self.dump_each(&mut req, |m| {
            out.push(Family::from_message(&m)?);
            Ok::<(), Error>(())
        })?;
        Ok(out)
    }
}
