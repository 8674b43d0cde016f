//! The netdev family: XDP and AF_XDP capabilities of every device (`NETDEV_CMD_DEV_GET`, do
//! or dump) and the `mgmt` notifications, through structs derived on `schemas/netdev.toml`
//! (a schema written from the kernel's YNL spec: linux/netdev.h is not needed).

use netlink_derive::Netlink;

use super::{Error, FamilyId, GenlDo, GenlDump};
use crate::codec::FromMessage;
use crate::op::Notifications;
use crate::schemas::netdev as n;

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

super::genl_op! {
    /// `NETDEV_CMD_DEV_GET` as a dump: every device of the namespace.
    pub struct DevDump(dump GenlDump<DevInfo>);
}

impl DevDump {
    /// Every device.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        DevDump(GenlDump::new(
            family,
            n::NETDEV_CMD_DEV_GET,
            &DevReq::default(),
            n::NETDEV_CMD_DEV_GET,
        ))
    }
}

super::genl_op! {
    /// `NETDEV_CMD_DEV_GET` of one device, by ifindex.
    pub struct DevGet(request GenlDo<DevInfo>);
}

impl DevGet {
    /// The device with index `ifindex`.
    pub fn new(family: impl Into<FamilyId>, ifindex: u32) -> Self {
        DevGet(GenlDo::new(
            family,
            n::NETDEV_CMD_DEV_GET,
            &DevReq {
                ifindex: Some(ifindex),
            },
            n::NETDEV_CMD_DEV_GET,
            "NETDEV_CMD_DEV_GET",
        ))
    }
}

/// The multicast group netdev's device notifications are sent to.
pub const MGMT_GROUP: &str = "mgmt";

/// How the notifications of the netdev `mgmt` group are read into [`DevEvent`]s (other
/// messages are skipped): the one decoder of the blocking [`Netdev::next_event`] and the async
/// `Stream` ([`AsyncNetdev::events`]).
#[derive(Debug, Clone, Copy)]
pub struct DevEvents {
    fam: FamilyId,
}

impl DevEvents {
    /// For the netdev family resolved as `family`.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        DevEvents { fam: family.into() }
    }
}

impl Notifications for DevEvents {
    type Event = DevEvent;
    fn decode(&self, m: &crate::Message<'_>) -> Result<Option<DevEvent>, Error> {
        Ok(Some(match self.fam.command_of(m) {
            Some(n::NETDEV_CMD_DEV_ADD_NTF) => DevEvent::Added(DevInfo::from_message(m)?),
            Some(n::NETDEV_CMD_DEV_DEL_NTF) => DevEvent::Removed(DevInfo::from_message(m)?),
            Some(n::NETDEV_CMD_DEV_CHANGE_NTF) => DevEvent::Changed(DevInfo::from_message(m)?),
            _ => return Ok(None),
        }))
    }
}

super::family_handles! {
    family: "netdev";
    example: "netlink_runtime::families::netdev::*", request: "DevGet::new(h.family_id(), 1)", dump: "DevDump::new(h.family_id())";
    /// A blocking connection to the netdev family: one socket, the family resolved when it is
    /// made. Its methods run the operations of this module (the same ones [`AsyncNetdev`]
    /// runs); [`Netdev::subscribe`] joins `mgmt` on the same socket.
    ///
    /// ```no_run
    /// use netlink_runtime::families::netdev::Netdev;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut nd = Netdev::new()?;
    /// for d in nd.devices()? {
    ///     println!("{} {:?}", d.ifindex, d.xdp_feature_names());
    /// }
    /// # Ok(()) }
    /// ```
    blocking: Netdev;
    /// An async connection to the netdev family for tokio services: `Clone + Send + Sync`,
    /// shared by any number of tasks, the family resolved once when it is made.
    ///
    /// ```no_run
    /// use netlink_runtime::families::netdev::AsyncNetdev;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let nd = AsyncNetdev::new().await?;
    /// for d in nd.devices().await? {
    ///     println!("{} {:?}", d.ifindex, d.xdp_feature_names());
    /// }
    /// # Ok(()) }
    /// ```
    async: AsyncNetdev;
}

crate::op::handle_methods! {
    handles: Netdev, AsyncNetdev;
    example: "netlink_runtime::families::netdev::*", "let mut h = Netdev::new()?;", "let h = AsyncNetdev::new().await?;";
    context: fam = family_id;

    /// Every device of the namespace (a dump).
    #[example = "h.devices()"]
    pub fn devices() -> Vec<DevInfo> = collect(DevDump::new(fam));

    /// Every device, as a stream read as the kernel sends it.
    #[example = "h.device_stream()"]
    pub fn device_stream() -> stream<DevDump> = DevDump::new(fam);

    /// One device by ifindex.
    #[example = "h.device(1)"]
    pub fn device(ifindex: u32) -> DevInfo = run(DevGet::new(fam, ifindex));
}

impl Netdev {
    /// Join the `mgmt` group (its id resolved by name); read its events with
    /// [`Netdev::next_event`].
    ///
    /// ```no_run
    /// use netlink_runtime::families::netdev::Netdev;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut nd = Netdev::new()?;
    /// nd.subscribe()?;
    /// println!("{:?}", nd.next_event()?);
    /// # Ok(()) }
    /// ```
    pub fn subscribe(&mut self) -> Result<(), Error> {
        self.conn.join_group(MGMT_GROUP)?;
        Ok(())
    }

    /// Wait for the next device notification of the `mgmt` group (a receive timeout on the
    /// socket ends the wait with [`Error::WouldBlock`]).
    ///
    /// ```no_run
    /// use netlink_runtime::families::netdev::{DevEvent, Netdev};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut nd = Netdev::new()?;
    /// nd.subscribe()?;
    /// loop {
    ///     if let DevEvent::Added(d) = nd.next_event()? {
    ///         println!("new device {}", d.ifindex);
    ///     }
    /// }
    /// # }
    /// ```
    pub fn next_event(&mut self) -> Result<DevEvent, Error> {
        let decoder = DevEvents::new(self.family_id());
        self.conn.next_notification(&decoder)
    }
}

#[cfg(feature = "tokio")]
impl AsyncNetdev {
    /// Subscribe to the `mgmt` group (joined by name) on a socket of its own: a `Stream` of
    /// typed [`DevEvent`]s, decoded as [`Netdev::next_event`] decodes them. After lost
    /// notifications the stream yields `Err(Error::Overrun)` once and goes on.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use netlink_runtime::families::netdev::AsyncNetdev;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let nd = AsyncNetdev::new().await?;
    /// let mut events = nd.events()?;
    /// while let Some(ev) = events.next().await {
    ///     println!("{:?}", ev?);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn events(&self) -> Result<crate::tokio::Subscription<DevEvents>, Error> {
        self.conn
            .subscribe(MGMT_GROUP, DevEvents::new(self.family_id()))
    }
}
