//! High-level APIs for generic netlink families: [`nlctrl`] (families, their operations,
//! multicast groups and attribute policies), [`ethtool`] (link info, link modes, link state,
//! features, rings, channels, and the `monitor` multicast group), [`netdev`] (device dump and
//! `mgmt` notifications), [`tcp_metrics`] (the TCP metrics cache) and [`mptcp`] (the MPTCP
//! path manager's limits and endpoints).
//!
//! Every message sent or received goes through a struct derived with `#[derive(Netlink)]` on
//! the family's bundled schema (`schemas/genetlink.toml`, `ethtool.toml`, `netdev.toml`,
//! `tcp_metrics.toml`, `mptcp.toml`); nothing walks attributes by hand except the two
//! type-value levels of nlctrl's policy dump, whose leaves are derived structs again. A
//! family's id and version come from nlctrl at run time ([`Socket::resolve_family`]), never
//! from a constant.
//!
//! ```no_run
//! use netlink_runtime::families::{ethtool::Ethtool, nlctrl::Nlctrl};
//! # fn main() -> Result<(), netlink_runtime::families::Error> {
//! let mut ctrl = Nlctrl::new()?;
//! for f in ctrl.families()? {
//!     println!("{} id {} ops {}", f.name, f.id, f.ops.len());
//! }
//! let mut eth = Ethtool::new()?;
//! let modes = eth.link_modes("eth0")?;
//! println!("speed {:?} duplex {:?}", modes.speed_mbps(), modes.duplex_name());
//! # Ok(()) }
//! ```

#[cfg(feature = "ethtool")]
pub mod ethtool;
#[cfg(feature = "mptcp")]
pub mod mptcp;
#[cfg(feature = "netdev")]
pub mod netdev;
#[cfg(feature = "nlctrl")]
pub mod nlctrl;
#[cfg(feature = "tcp_metrics")]
pub mod tcp_metrics;

use crate::codec::ToMessage;
use crate::genl::{Family, GenlHeader};
use crate::{Message, MessageBuilder, Protocol, Socket};

/// The error of every family operation: the crate's one [`crate::Error`] (an unregistered
/// family is [`crate::Error::FamilyNotFound`], a device that does not implement an ethtool
/// operation a kernel error with `errno()` `EOPNOTSUPP`).
pub use crate::Error;

/// A generic netlink socket with one resolved family: the machinery the family modules share,
/// usable directly for commands they do not wrap.
#[derive(Debug)]
pub struct GenlConn {
    sock: Socket,
    family: Family,
}

impl GenlConn {
    /// Open a `NETLINK_GENERIC` socket in the calling thread's network namespace and resolve
    /// `family` through nlctrl.
    pub fn open(family: &str) -> Result<GenlConn, Error> {
        GenlConn::from_socket(Socket::open(Protocol::GENERIC)?, family)
    }

    /// Use an already open `NETLINK_GENERIC` socket (e.g. one opened in another namespace, or
    /// with a receive timeout) and resolve `family` on it.
    pub fn from_socket(mut sock: Socket, family: &str) -> Result<GenlConn, Error> {
        let family = sock.resolve_family(family)?.clone();
        Ok(GenlConn { sock, family })
    }

    /// The family as nlctrl described it (id, version, multicast groups).
    pub fn family(&self) -> &Family {
        &self.family
    }

    /// The underlying socket.
    pub fn socket(&mut self) -> &mut Socket {
        &mut self.sock
    }

    /// A request for command `cmd` of this family holding `body` (a struct derived for one of
    /// the family's messages).
    pub fn message<T: ToMessage + ?Sized>(&self, cmd: u8, flags: u16, body: &T) -> MessageBuilder {
        let version = u8::try_from(self.family.version).unwrap_or(u8::MAX);
        let mut b = MessageBuilder::new_genl(self.family.id, flags, cmd, version);
        body.write_payload(&mut b);
        b
    }

    /// The command of a message of this family, or `None` for any other message.
    pub fn command_of(&self, msg: &Message<'_>) -> Option<u8> {
        if msg.kind() != self.family.id {
            return None;
        }
        GenlHeader::parse(msg).ok().map(|h| h.cmd)
    }

    /// Send `body` as command `cmd` (a "do"), wait for the ACK, and decode every reply message
    /// of command `reply_cmd` with `decode`.
    pub fn request<T, R, F>(
        &mut self,
        cmd: u8,
        flags: u16,
        body: &T,
        reply_cmd: u8,
        mut decode: F,
    ) -> Result<Vec<R>, Error>
    where
        T: ToMessage + ?Sized,
        F: FnMut(&Message<'_>) -> Result<R, Error>,
    {
        let mut req = self.message(cmd, flags, body);
        let reply = self.sock.request(&mut req)?;
        let mut out = Vec::new();
        for m in reply.messages() {
            let m = m?;
            if self.command_of(&m) == Some(reply_cmd) {
                out.push(decode(&m)?);
            }
        }
        Ok(out)
    }

    /// Like [`GenlConn::request`], for exactly one reply message ([`Error::NoReply`] naming
    /// `what` when the kernel sent none).
    pub fn request_one<T, R, F>(
        &mut self,
        cmd: u8,
        body: &T,
        reply_cmd: u8,
        what: &'static str,
        decode: F,
    ) -> Result<R, Error>
    where
        T: ToMessage + ?Sized,
        F: FnMut(&Message<'_>) -> Result<R, Error>,
    {
        self.request(cmd, 0, body, reply_cmd, decode)?
            .into_iter()
            .next()
            .ok_or(Error::NoReply(what))
    }

    /// Send `body` as command `cmd` with `NLM_F_DUMP` and call `f` for each message of
    /// command `reply_cmd` (borrowed from the receive buffer: memory stays bounded whatever
    /// the size of the dump).
    pub fn dump<T, F>(&mut self, cmd: u8, body: &T, reply_cmd: u8, mut f: F) -> Result<(), Error>
    where
        T: ToMessage + ?Sized,
        F: FnMut(&Message<'_>) -> Result<(), Error>,
    {
        let mut req = self.message(cmd, 0, body);
        let id = self.family.id;
        let mut d = self.sock.dump(&mut req)?;
        while let Some(m) = d.next()? {
            let ours = m.kind() == id && GenlHeader::parse(&m).is_ok_and(|h| h.cmd == reply_cmd);
            if ours {
                f(&m)?;
            }
        }
        Ok(())
    }

    /// Wait for the next multicast event of this family and hand it to `f` with its command;
    /// events of other families are skipped, and so are those for which `f` returns
    /// `Ok(None)`. A receive timeout on the socket ends the wait with
    /// [`crate::Error::WouldBlock`].
    pub fn next_event<R, F>(&mut self, mut f: F) -> Result<R, Error>
    where
        F: FnMut(u8, &Message<'_>) -> Result<Option<R>, Error>,
    {
        let id = self.family.id;
        loop {
            let m = self.sock.next_event()?;
            if m.kind() != id {
                continue;
            }
            let Ok(h) = GenlHeader::parse(&m) else {
                continue;
            };
            if let Some(r) = f(h.cmd, &m)? {
                return Ok(r);
            }
        }
    }

    /// Join the family's multicast group called `name` (its id resolved through nlctrl) and
    /// return the id.
    pub fn join_group(&mut self, name: &str) -> Result<u32, Error> {
        let id = self.family.group(name).ok_or_else(|| {
            Error::NotFound(format!(
                "multicast group {name:?} of family {:?}",
                self.family.name
            ))
        })?;
        self.sock.join_group(id)?;
        Ok(id)
    }
}
