//! Namespace ids (`RTM_GETNSID` / `RTM_NEWNSID`, `rtgenmsg` + `NETNSA_*`): the id another
//! namespace has in this one (what `ip netns list` shows as `(id: N)`; none until one is set or
//! the kernel needs one, say for a veth whose peer lives there), and setting it
//! (`ip netns set NAME ID`).

use netlink_derive::Netlink;

use super::{Error, NetnsTarget, AF_UNSPEC};
use crate::codec::{FromMessage, ToMessage};
use crate::op::{Ack, Dump, DumpOwned, Outgoing, Request};
use crate::schemas::rtnetlink::{NETNSA_NSID_NOT_ASSIGNED, RTM_GETNSID, RTM_NEWNSID};
use crate::Message;

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "nsid")]
struct NsidMsg {
    #[netlink(header = "rtgen_family")]
    family: u8,
    nsid: Option<i32>,
    pid: Option<u32>,
    fd: Option<u32>,
}

/// The id the namespace `target` names has in the namespace of the socket.
#[derive(Debug, Clone)]
pub struct NsidGet {
    target: NetnsTarget,
}

impl NsidGet {
    /// The id of `target` (an open namespace or a process's).
    pub fn new(target: impl Into<NetnsTarget>) -> NsidGet {
        NsidGet {
            target: target.into(),
        }
    }
}

/// `NETNSA_FD` or `NETNSA_PID` for `target`.
fn target_msg(target: &NetnsTarget) -> NsidMsg {
    let (fd, pid) = match target {
        NetnsTarget::Netns(n) => (Some(n.raw_fd()), None),
        NetnsTarget::Pid(p) => (None, Some(*p)),
    };
    NsidMsg {
        family: AF_UNSPEC,
        fd,
        pid,
        ..NsidMsg::default()
    }
}

impl Request for NsidGet {
    type Output = Option<i32>;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(target_msg(&self.target).to_message(RTM_GETNSID, 0).into())
    }
    fn finish(&self, reply: crate::Reply) -> Result<Option<i32>, Error> {
        for m in reply.messages() {
            let m = m?;
            if m.kind() == RTM_NEWNSID {
                let r = NsidMsg::from_message(&m)?;
                return Ok(r.nsid.filter(|&id| id != NETNSA_NSID_NOT_ASSIGNED));
            }
        }
        Err(Error::NoReply("RTM_NEWNSID"))
    }
}

/// Give the namespace `target` the id `id` in the namespace of the socket (`ip netns set NAME
/// ID`), or let the kernel choose one ([`NsidSet::auto`], `ip netns set NAME auto`). A
/// namespace keeps its id once it has one: setting another fails with `EEXIST`.
#[derive(Debug, Clone)]
pub struct NsidSet {
    target: NetnsTarget,
    id: i32,
}

impl NsidSet {
    /// Id `id` for `target`.
    pub fn new(target: impl Into<NetnsTarget>, id: u32) -> Result<NsidSet, Error> {
        let id = i32::try_from(id)
            .map_err(|_| Error::Invalid(format!("namespace id {id}: at most {}", i32::MAX)))?;
        Ok(NsidSet {
            target: target.into(),
            id,
        })
    }
    /// The next free id for `target`.
    pub fn auto(target: impl Into<NetnsTarget>) -> NsidSet {
        NsidSet {
            target: target.into(),
            id: NETNSA_NSID_NOT_ASSIGNED,
        }
    }
    /// The request as an operation.
    pub fn op(&self) -> Ack {
        let msg = NsidMsg {
            nsid: Some(self.id),
            ..target_msg(&self.target)
        };
        // The message carries the fd number; the kernel reads it while `self` keeps it open.
        Ack(msg.to_message(RTM_NEWNSID, 0))
    }
}

/// Every namespace id assigned in the namespace of the socket (`RTM_GETNSID` dump; `ip netns
/// list-id`), in the kernel's order. The kernel says only the ids: which namespace has one is
/// found by asking each candidate's id ([`NsidGet`]), as `ip` does for the names under
/// `/run/netns`.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct NsidDump;

impl Dump for NsidDump {
    type Item<'a> = i32;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(NsidMsg::default().to_message(RTM_GETNSID, 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<i32>, Error> {
        if msg.kind() != RTM_NEWNSID {
            return Ok(None);
        }
        let r = NsidMsg::from_message(msg)?;
        Ok(r.nsid.filter(|&id| id != NETNSA_NSID_NOT_ASSIGNED))
    }
}

impl DumpOwned for NsidDump {
    type Owned = i32;
    fn to_owned(&self, id: &i32) -> Result<i32, Error> {
        Ok(*id)
    }
}

super::operations! {
    /// Every namespace id assigned here (`ip netns list-id`; see [`NsidDump`]).
    #[example = "h.netns_ids()"]
    pub fn netns_ids() -> Vec<i32> = collect(NsidDump);

    /// The id the namespace `target` has here (`None`: it has none), as `ip netns list` shows
    /// it.
    #[setup = "let other = netlink_runtime::netns::Netns::by_name(\"blue\")?;"]
    #[example = "h.netns_id(&other)"]
    pub fn netns_id(target: impl Into<NetnsTarget>) -> Option<i32> = run(NsidGet::new(target));

    /// Give the namespace an id here (`ip netns set NAME ID`; see [`NsidSet`]).
    #[setup = "let other = netlink_runtime::netns::Netns::by_name(\"blue\")?;"]
    #[example = "h.set_netns_id(&netlink_runtime::rtnl::NsidSet::new(&other, 7)?)"]
    pub fn set_netns_id(set: &NsidSet) -> () = run(set.op());
}
