//! The netdev family: XDP and AF_XDP capabilities of every device (`NETDEV_CMD_DEV_GET`, do
//! or dump) and the `mgmt` notifications, through structs derived on `schemas/netdev.toml`
//! (a schema written from the kernel's YNL spec: linux/netdev.h is not needed).

use netlink_derive::Netlink;

use super::{Error, GenlConn};
use crate::codec::FromMessage;
use crate::schemas::netdev as n;
use crate::Socket;

/// A device as `NETDEV_CMD_DEV_GET` describes it (also the payload of the `mgmt` group's
/// `DEV_ADD_NTF` / `DEV_DEL_NTF` / `DEV_CHANGE_NTF`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "netdev", message = "dev")]
pub struct DevInfo {
    /// `NETDEV_A_DEV_IFINDEX`.
    pub ifindex: u32,
    /// `NETDEV_A_DEV_XDP_FEATURES`: `NETDEV_XDP_ACT_*` flags.
    pub xdp_features: Option<u64>,
    /// `NETDEV_A_DEV_XDP_ZC_MAX_SEGS`.
    pub xdp_zc_max_segs: Option<u32>,
    /// `NETDEV_A_DEV_XDP_RX_METADATA_FEATURES`: `NETDEV_XDP_RX_METADATA_*` flags.
    pub xdp_rx_metadata_features: Option<u64>,
    /// `NETDEV_A_DEV_XSK_FEATURES`: `NETDEV_XSK_FLAGS_*` flags.
    pub xsk_features: Option<u64>,
}

impl DevInfo {
    /// Names of the XDP features set (`basic`, `redirect`, `ndo-xmit`, ...), as YNL spells
    /// them.
    pub fn xdp_feature_names(&self) -> Vec<&'static str> {
        const NAMES: [(u32, &str); 7] = [
            (n::NETDEV_XDP_ACT_BASIC, "basic"),
            (n::NETDEV_XDP_ACT_REDIRECT, "redirect"),
            (n::NETDEV_XDP_ACT_NDO_XMIT, "ndo-xmit"),
            (n::NETDEV_XDP_ACT_XSK_ZEROCOPY, "xsk-zerocopy"),
            (n::NETDEV_XDP_ACT_HW_OFFLOAD, "hw-offload"),
            (n::NETDEV_XDP_ACT_RX_SG, "rx-sg"),
            (n::NETDEV_XDP_ACT_NDO_XMIT_SG, "ndo-xmit-sg"),
        ];
        let f = self.xdp_features.unwrap_or(0);
        NAMES
            .iter()
            .filter(|(bit, _)| f & u64::from(*bit) != 0)
            .map(|(_, name)| *name)
            .collect()
    }
}

/// `NETDEV_CMD_DEV_GET` request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "netdev", message = "dev")]
struct DevReq {
    ifindex: Option<u32>,
}

/// A notification of the netdev `mgmt` group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum DevEvent {
    /// `NETDEV_CMD_DEV_ADD_NTF`.
    Added(DevInfo),
    /// `NETDEV_CMD_DEV_DEL_NTF`.
    Removed(DevInfo),
    /// `NETDEV_CMD_DEV_CHANGE_NTF`.
    Changed(DevInfo),
}

/// A connection to the netdev family.
#[derive(Debug)]
pub struct Netdev {
    conn: GenlConn,
}

impl Netdev {
    /// Open a generic netlink socket in the calling thread's namespace and resolve `netdev`.
    pub fn new() -> Result<Netdev, Error> {
        Ok(Netdev {
            conn: GenlConn::open("netdev")?,
        })
    }

    /// Use an already open `NETLINK_GENERIC` socket.
    pub fn from_socket(sock: Socket) -> Result<Netdev, Error> {
        Ok(Netdev {
            conn: GenlConn::from_socket(sock, "netdev")?,
        })
    }

    /// The connection (socket and resolved family).
    pub fn conn(&mut self) -> &mut GenlConn {
        &mut self.conn
    }

    /// Every device of the namespace (a dump).
    pub fn devices(&mut self) -> Result<Vec<DevInfo>, Error> {
        let mut out = Vec::new();
        self.conn.dump(
            n::NETDEV_CMD_DEV_GET,
            &DevReq::default(),
            n::NETDEV_CMD_DEV_GET,
            |m| {
                out.push(DevInfo::from_message(m)?);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// One device by ifindex.
    pub fn device(&mut self, ifindex: u32) -> Result<DevInfo, Error> {
        let req = DevReq {
            ifindex: Some(ifindex),
        };
        self.conn.request_one(
            n::NETDEV_CMD_DEV_GET,
            &req,
            n::NETDEV_CMD_DEV_GET,
            "NETDEV_CMD_DEV_GET",
            |m| Ok(DevInfo::from_message(m)?),
        )
    }

    /// Join the `mgmt` group (its id resolved by name); read its events with
    /// [`Netdev::next_event`].
    pub fn subscribe(&mut self) -> Result<(), Error> {
        self.conn.join_group("mgmt")?;
        Ok(())
    }

    /// Wait for the next device notification of the `mgmt` group.
    pub fn next_event(&mut self) -> Result<DevEvent, Error> {
        self.conn.next_event(|cmd, m| {
            let ev = match cmd {
                n::NETDEV_CMD_DEV_ADD_NTF => DevEvent::Added(DevInfo::from_message(m)?),
                n::NETDEV_CMD_DEV_DEL_NTF => DevEvent::Removed(DevInfo::from_message(m)?),
                n::NETDEV_CMD_DEV_CHANGE_NTF => DevEvent::Changed(DevInfo::from_message(m)?),
                _ => return Ok(None),
            };
            Ok(Some(ev))
        })
    }
}
