//! ethtool over generic netlink: link info, link modes (speed, duplex, autonegotiation, link
//! modes), link state, features (read and change), rings and channels of a device, and the
//! `monitor` multicast group, all through structs derived on `schemas/ethtool.toml`.
//!
//! ethtool numbers requests (`ETHTOOL_MSG_*_GET/SET`, user to kernel) and replies
//! (`ETHTOOL_MSG_*_GET_REPLY/NTF`, kernel to user) in two enums whose values overlap, so each
//! request struct here is derived for a `*-get` message definition and each reply struct for
//! the reply definition.
//!
//! A device that does not implement an operation (veth has no rings) answers with
//! `EOPNOTSUPP`: see [`Error::errno`].

use netlink_derive::Netlink;

use super::{Error, FamilyId, GenlConn, GenlDo, GenlDoMaybe, GenlDump};
use crate::codec::FromMessage;
use crate::op::{Ack, Notifications, Outgoing, Request};
use crate::schemas::ethtool as e;
pub use crate::schemas::ethtool::ETH_SS_FEATURES;
use crate::{Reply, Socket};

/// Names a device: by name or by ifindex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dev<'a> {
    /// By interface name (`ETHTOOL_A_HEADER_DEV_NAME`).
    Name(&'a str),
    /// By interface index (`ETHTOOL_A_HEADER_DEV_INDEX`).
    Index(u32),
}

impl<'a> From<&'a str> for Dev<'a> {
    fn from(name: &'a str) -> Self {
        Dev::Name(name)
    }
}

impl<'a> From<&'a String> for Dev<'a> {
    fn from(name: &'a String) -> Self {
        Dev::Name(name)
    }
}

impl From<u32> for Dev<'_> {
    fn from(index: u32) -> Self {
        Dev::Index(index)
    }
}

/// The request header nest every ethtool message carries (`ETHTOOL_A_*_HEADER`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_header")]
pub struct Header {
    /// `ETHTOOL_A_HEADER_DEV_INDEX`.
    pub dev_index: Option<u32>,
    /// `ETHTOOL_A_HEADER_DEV_NAME`.
    pub dev_name: Option<String>,
    /// `ETHTOOL_A_HEADER_FLAGS`: `ETHTOOL_FLAG_*`.
    pub flags: Option<u32>,
}

impl Header {
    fn for_dev(dev: Dev<'_>) -> Header {
        match dev {
            Dev::Name(n) => Header {
                dev_name: Some(n.to_owned()),
                ..Header::default()
            },
            Dev::Index(i) => Header {
                dev_index: Some(i),
                ..Header::default()
            },
        }
    }
}

/// One bit of a verbose bitset (`ETHTOOL_A_BITSET_BITS_BIT`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_bitset_bit")]
pub struct BitsetBit {
    /// `ETHTOOL_A_BITSET_BIT_INDEX`.
    pub index: Option<u32>,
    /// `ETHTOOL_A_BITSET_BIT_NAME`.
    pub name: Option<String>,
    /// `ETHTOOL_A_BITSET_BIT_VALUE`: the bit is set (meaningful when the bitset has a mask).
    pub value: bool,
}

/// The list of bits of a verbose bitset (`ETHTOOL_A_BITSET_BITS`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_bitset_bits")]
pub struct BitsetBits {
    /// `ETHTOOL_A_BITSET_BITS_BIT`, repeated.
    pub bit: Vec<BitsetBit>,
}

/// An ethtool bitset (`ETHTOOL_A_BITSET_*`), verbose (bits listed by index and name) or
/// compact (`value`/`mask` as arrays of 32-bit words).
///
/// Without a mask (`nomask`), the listed bits are the bits that are set; with one, the listed
/// bits are the mask and [`BitsetBit::value`] says which of them are set.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_bitset")]
pub struct Bitset {
    /// `ETHTOOL_A_BITSET_NOMASK`.
    pub nomask: bool,
    /// `ETHTOOL_A_BITSET_SIZE`: number of bits.
    pub size: Option<u32>,
    /// `ETHTOOL_A_BITSET_BITS` (verbose form).
    pub bits: Option<BitsetBits>,
    /// `ETHTOOL_A_BITSET_VALUE` (compact form).
    pub value: Option<Vec<u8>>,
    /// `ETHTOOL_A_BITSET_MASK` (compact form).
    pub mask: Option<Vec<u8>>,
}

/// Bit `index` of an array of host-order 32-bit words.
fn word_bit(words: &[u8], index: u32) -> bool {
    let word = (index / 32) as usize * 4;
    words
        .get(word..word + 4)
        .and_then(|w| <[u8; 4]>::try_from(w).ok())
        .is_some_and(|w| u32::from_ne_bytes(w) & (1 << (index % 32)) != 0)
}

impl Bitset {
    /// The listed bits of the verbose form.
    pub fn listed(&self) -> &[BitsetBit] {
        self.bits.as_ref().map_or(&[], |b| &b.bit)
    }

    /// Whether bit `index` is set (either form).
    pub fn is_set(&self, index: u32) -> bool {
        if let Some(v) = &self.value {
            return word_bit(v, index);
        }
        self.listed()
            .iter()
            .any(|b| b.index == Some(index) && (self.nomask || b.value))
    }

    /// Whether bit `index` is in the mask (every bit, for a bitset without mask).
    pub fn in_mask(&self, index: u32) -> bool {
        if self.nomask {
            return true;
        }
        if let Some(m) = &self.mask {
            return word_bit(m, index);
        }
        self.listed().iter().any(|b| b.index == Some(index))
    }

    /// Whether the bit called `name` is set (verbose form).
    pub fn is_set_by_name(&self, name: &str) -> bool {
        self.listed()
            .iter()
            .any(|b| b.name.as_deref() == Some(name) && (self.nomask || b.value))
    }

    /// Names of the set bits (verbose form).
    pub fn set_names(&self) -> Vec<&str> {
        self.listed()
            .iter()
            .filter(|b| self.nomask || b.value)
            .filter_map(|b| b.name.as_deref())
            .collect()
    }

    /// Names of the listed bits (verbose form): the mask, or the set bits without a mask. For
    /// link modes, the supported modes.
    pub fn mask_names(&self) -> Vec<&str> {
        self.listed()
            .iter()
            .filter_map(|b| b.name.as_deref())
            .collect()
    }

    /// A bitset with a mask that changes the named bits to the given values (for `*_SET`).
    pub fn change<'n>(bits: impl IntoIterator<Item = (&'n str, bool)>) -> Bitset {
        Bitset {
            bits: Some(BitsetBits {
                bit: bits
                    .into_iter()
                    .map(|(name, value)| BitsetBit {
                        index: None,
                        name: Some(name.to_owned()),
                        value,
                    })
                    .collect(),
            }),
            ..Bitset::default()
        }
    }
}

/// `ETHTOOL_MSG_LINKINFO_GET_REPLY` / `_NTF`: port, PHY address, MDI-X, transceiver.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", message = "linkinfo")]
pub struct LinkInfo {
    /// The device.
    pub header: Option<Header>,
    /// `ETHTOOL_A_LINKINFO_PORT`: `PORT_*`.
    pub port: Option<u8>,
    /// `ETHTOOL_A_LINKINFO_PHYADDR`.
    pub phyaddr: Option<u8>,
    /// `ETHTOOL_A_LINKINFO_TP_MDIX`: `ETH_TP_MDI*`.
    pub tp_mdix: Option<u8>,
    /// `ETHTOOL_A_LINKINFO_TP_MDIX_CTRL`: `ETH_TP_MDI*`.
    pub tp_mdix_ctrl: Option<u8>,
    /// `ETHTOOL_A_LINKINFO_TRANSCEIVER`: `XCVR_*`.
    pub transceiver: Option<u8>,
}

impl LinkInfo {
    /// The port as `ethtool DEV` prints it (`Twisted Pair`, `FIBRE`, ...).
    pub fn port_name(&self) -> Option<&'static str> {
        Some(match u32::from(self.port?) {
            e::PORT_TP => "Twisted Pair",
            e::PORT_AUI => "AUI",
            e::PORT_BNC => "BNC",
            e::PORT_MII => "MII",
            e::PORT_FIBRE => "FIBRE",
            e::PORT_DA => "Direct Attach Copper",
            e::PORT_NONE => "None",
            e::PORT_OTHER => "Other",
            _ => "Unknown!",
        })
    }

    /// The transceiver as `ethtool DEV` prints it (`internal`, `external`).
    pub fn transceiver_name(&self) -> Option<&'static str> {
        Some(match u32::from(self.transceiver?) {
            e::XCVR_INTERNAL => "internal",
            e::XCVR_EXTERNAL => "external",
            _ => "Unknown!",
        })
    }
}

/// `ETHTOOL_MSG_LINKMODES_GET_REPLY` / `_NTF`: speed, duplex, autonegotiation, link modes.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", message = "linkmodes")]
pub struct LinkModes {
    /// The device.
    pub header: Option<Header>,
    /// `ETHTOOL_A_LINKMODES_AUTONEG`: `AUTONEG_DISABLE` / `AUTONEG_ENABLE`.
    pub autoneg: Option<u8>,
    /// `ETHTOOL_A_LINKMODES_OURS`: advertised modes (value) among supported modes (mask).
    pub ours: Option<Bitset>,
    /// `ETHTOOL_A_LINKMODES_PEER`: modes the link partner advertises.
    pub peer: Option<Bitset>,
    /// `ETHTOOL_A_LINKMODES_SPEED`: Mb/s, `u32::MAX` (`SPEED_UNKNOWN`) when unknown.
    pub speed: Option<u32>,
    /// `ETHTOOL_A_LINKMODES_DUPLEX`: `DUPLEX_HALF`, `DUPLEX_FULL`, `DUPLEX_UNKNOWN`.
    pub duplex: Option<u8>,
    /// `ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG`.
    pub master_slave_cfg: Option<u8>,
    /// `ETHTOOL_A_LINKMODES_MASTER_SLAVE_STATE`.
    pub master_slave_state: Option<u8>,
    /// `ETHTOOL_A_LINKMODES_LANES`.
    pub lanes: Option<u32>,
}

impl LinkModes {
    /// The speed in Mb/s, `None` when absent or unknown.
    pub fn speed_mbps(&self) -> Option<u32> {
        self.speed.filter(|s| *s != e::SPEED_UNKNOWN as u32)
    }

    /// The duplex as `ethtool DEV` prints it (`Half`, `Full`, `Unknown!`).
    pub fn duplex_name(&self) -> Option<&'static str> {
        Some(match u32::from(self.duplex?) {
            e::DUPLEX_HALF => "Half",
            e::DUPLEX_FULL => "Full",
            _ => "Unknown!",
        })
    }

    /// Whether autonegotiation is on.
    pub fn autoneg_on(&self) -> bool {
        self.autoneg
            .is_some_and(|a| u32::from(a) == e::AUTONEG_ENABLE)
    }

    /// Names of the supported link modes (the mask of `ours`).
    pub fn supported(&self) -> Vec<&str> {
        self.ours
            .as_ref()
            .map(Bitset::mask_names)
            .unwrap_or_default()
    }

    /// Names of the advertised link modes (the value of `ours`).
    pub fn advertised(&self) -> Vec<&str> {
        self.ours
            .as_ref()
            .map(Bitset::set_names)
            .unwrap_or_default()
    }
}

/// `ETHTOOL_MSG_LINKSTATE_GET_REPLY`: carrier and signal quality.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", message = "linkstate")]
pub struct LinkState {
    /// The device.
    pub header: Option<Header>,
    /// `ETHTOOL_A_LINKSTATE_LINK`: 1 when the link is detected.
    pub link: Option<u8>,
    /// `ETHTOOL_A_LINKSTATE_SQI`.
    pub sqi: Option<u32>,
    /// `ETHTOOL_A_LINKSTATE_SQI_MAX`.
    pub sqi_max: Option<u32>,
    /// `ETHTOOL_A_LINKSTATE_EXT_STATE`.
    pub ext_state: Option<u8>,
    /// `ETHTOOL_A_LINKSTATE_EXT_SUBSTATE`.
    pub ext_substate: Option<u8>,
}

/// `ETHTOOL_MSG_FEATURES_GET_REPLY` / `_SET_REPLY` / `_NTF`: netdev features as bitsets.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", message = "features")]
pub struct Features {
    /// The device.
    pub header: Option<Header>,
    /// `ETHTOOL_A_FEATURES_HW`: features the user may change.
    pub hw: Option<Bitset>,
    /// `ETHTOOL_A_FEATURES_WANTED`: features the user asked for.
    pub wanted: Option<Bitset>,
    /// `ETHTOOL_A_FEATURES_ACTIVE`: features in effect.
    pub active: Option<Bitset>,
    /// `ETHTOOL_A_FEATURES_NOCHANGE`: features that cannot change.
    pub nochange: Option<Bitset>,
}

/// One netdev feature, combined from [`Features`] and the feature names, as `ethtool -k`
/// shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FeatureState {
    /// Bit index.
    pub index: u32,
    /// Kernel name (`tx-tcp-segmentation`).
    pub name: String,
    /// In effect.
    pub active: bool,
    /// Asked for by the user.
    pub requested: bool,
    /// Cannot be changed (not in `hw`, or in `nochange`): ethtool's `[fixed]`.
    pub fixed: bool,
}

impl Features {
    /// Every feature in `names` (from [`Ethtool::feature_names`]) with its state.
    pub fn states(&self, names: &[String]) -> Vec<FeatureState> {
        let on = |b: &Option<Bitset>, i: u32| b.as_ref().is_some_and(|b| b.is_set(i));
        (0u32..)
            .zip(names)
            .map(|(i, name)| FeatureState {
                index: i,
                name: name.clone(),
                active: on(&self.active, i),
                requested: on(&self.wanted, i),
                fixed: !on(&self.hw, i) || on(&self.nochange, i),
            })
            .collect()
    }
}

/// `ETHTOOL_MSG_RINGS_GET_REPLY` / `_NTF`: ring sizes.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", message = "rings")]
pub struct Rings {
    /// The device.
    pub header: Option<Header>,
    /// `ETHTOOL_A_RINGS_RX_MAX`.
    pub rx_max: Option<u32>,
    /// `ETHTOOL_A_RINGS_RX_MINI_MAX`.
    pub rx_mini_max: Option<u32>,
    /// `ETHTOOL_A_RINGS_RX_JUMBO_MAX`.
    pub rx_jumbo_max: Option<u32>,
    /// `ETHTOOL_A_RINGS_TX_MAX`.
    pub tx_max: Option<u32>,
    /// `ETHTOOL_A_RINGS_RX`.
    pub rx: Option<u32>,
    /// `ETHTOOL_A_RINGS_RX_MINI`.
    pub rx_mini: Option<u32>,
    /// `ETHTOOL_A_RINGS_RX_JUMBO`.
    pub rx_jumbo: Option<u32>,
    /// `ETHTOOL_A_RINGS_TX`.
    pub tx: Option<u32>,
    /// `ETHTOOL_A_RINGS_RX_BUF_LEN`.
    pub rx_buf_len: Option<u32>,
    /// `ETHTOOL_A_RINGS_TCP_DATA_SPLIT`.
    pub tcp_data_split: Option<u8>,
    /// `ETHTOOL_A_RINGS_CQE_SIZE`.
    pub cqe_size: Option<u32>,
    /// `ETHTOOL_A_RINGS_TX_PUSH`.
    pub tx_push: Option<u8>,
}

/// `ETHTOOL_MSG_CHANNELS_GET_REPLY` / `_NTF`: channel counts (absent: not applicable, what
/// `ethtool -l` prints as `n/a`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", message = "channels")]
pub struct Channels {
    /// The device.
    pub header: Option<Header>,
    /// `ETHTOOL_A_CHANNELS_RX_MAX`.
    pub rx_max: Option<u32>,
    /// `ETHTOOL_A_CHANNELS_TX_MAX`.
    pub tx_max: Option<u32>,
    /// `ETHTOOL_A_CHANNELS_OTHER_MAX`.
    pub other_max: Option<u32>,
    /// `ETHTOOL_A_CHANNELS_COMBINED_MAX`.
    pub combined_max: Option<u32>,
    /// `ETHTOOL_A_CHANNELS_RX_COUNT`.
    pub rx_count: Option<u32>,
    /// `ETHTOOL_A_CHANNELS_TX_COUNT`.
    pub tx_count: Option<u32>,
    /// `ETHTOOL_A_CHANNELS_OTHER_COUNT`.
    pub other_count: Option<u32>,
    /// `ETHTOOL_A_CHANNELS_COMBINED_COUNT`.
    pub combined_count: Option<u32>,
}

// Requests: the header nest and, for sets, what to change.

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", message = "linkinfo-get")]
struct LinkInfoReq {
    header: Header,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", message = "linkmodes-get")]
struct LinkModesReq {
    header: Header,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", message = "linkstate-get")]
struct LinkStateReq {
    header: Header,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", message = "features-get")]
struct FeaturesReq {
    header: Header,
    wanted: Option<Bitset>,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", message = "rings-get")]
struct RingsReq {
    header: Header,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", message = "channels-get")]
struct ChannelsReq {
    header: Header,
    rx_count: Option<u32>,
    tx_count: Option<u32>,
    other_count: Option<u32>,
    combined_count: Option<u32>,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", attributes = "ethtool_a_stringset")]
struct StringSetReq {
    id: u32,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", attributes = "ethtool_a_stringsets")]
struct StringSetsReq {
    stringset: Vec<StringSetReq>,
}

#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "ethtool", message = "strset-get")]
struct StrsetReq {
    header: Header,
    stringsets: Option<StringSetsReq>,
}

/// One string of a string set (`ETHTOOL_A_STRING_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_string")]
pub struct StringEntry {
    /// `ETHTOOL_A_STRING_INDEX`.
    pub index: u32,
    /// `ETHTOOL_A_STRING_VALUE`.
    pub value: Option<String>,
}

/// The strings of a string set (`ETHTOOL_A_STRINGS`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_strings")]
pub struct Strings {
    /// `ETHTOOL_A_STRINGS_STRING`, repeated.
    pub string: Vec<StringEntry>,
}

/// One string set (`ETHTOOL_A_STRINGSET_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_stringset")]
pub struct StringSet {
    /// `ETHTOOL_A_STRINGSET_ID`: `ETH_SS_*`.
    pub id: u32,
    /// `ETHTOOL_A_STRINGSET_COUNT`.
    pub count: Option<u32>,
    /// `ETHTOOL_A_STRINGSET_STRINGS`.
    pub strings: Vec<Strings>,
}

/// The string sets of a reply (`ETHTOOL_A_STRINGSETS`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", attributes = "ethtool_a_stringsets")]
pub struct StringSets {
    /// `ETHTOOL_A_STRINGSETS_STRINGSET`, repeated.
    pub stringset: Vec<StringSet>,
}

/// `ETHTOOL_MSG_STRSET_GET_REPLY`.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ethtool", message = "strset")]
pub struct Strset {
    /// The device.
    pub header: Option<Header>,
    /// `ETHTOOL_A_STRSET_STRINGSETS`.
    pub stringsets: Option<StringSets>,
}

// Operations: each request, dump and notification of the family, built with its resolved id
// and version.

super::genl_op! {
    /// `ETHTOOL_MSG_LINKINFO_GET` of one device: its [`LinkInfo`].
    pub struct LinkInfoGet(request GenlDo<LinkInfo>);
}

impl LinkInfoGet {
    /// The link info of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>) -> Self {
        let req = LinkInfoReq {
            header: Header::for_dev(dev.into()),
        };
        LinkInfoGet(GenlDo::new(
            family,
            e::ETHTOOL_MSG_LINKINFO_GET,
            &req,
            e::ETHTOOL_MSG_LINKINFO_GET_REPLY,
            "ETHTOOL_MSG_LINKINFO_GET_REPLY",
        ))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_LINKINFO_GET` as a dump: the [`LinkInfo`] of every device that reports it.
    pub struct LinkInfoDump(dump GenlDump<LinkInfo>);
}

impl LinkInfoDump {
    /// Every device of the namespace.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        LinkInfoDump(GenlDump::new(
            family,
            e::ETHTOOL_MSG_LINKINFO_GET,
            &LinkInfoReq::default(),
            e::ETHTOOL_MSG_LINKINFO_GET_REPLY,
        ))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_LINKMODES_GET` of one device (verbose bitsets, so that modes come with
    /// their names): its [`LinkModes`].
    pub struct LinkModesGet(request GenlDo<LinkModes>);
}

impl LinkModesGet {
    /// The link modes of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>) -> Self {
        let req = LinkModesReq {
            header: Header::for_dev(dev.into()),
        };
        LinkModesGet(GenlDo::new(
            family,
            e::ETHTOOL_MSG_LINKMODES_GET,
            &req,
            e::ETHTOOL_MSG_LINKMODES_GET_REPLY,
            "ETHTOOL_MSG_LINKMODES_GET_REPLY",
        ))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_LINKSTATE_GET` of one device: its [`LinkState`].
    pub struct LinkStateGet(request GenlDo<LinkState>);
}

impl LinkStateGet {
    /// The link state of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>) -> Self {
        let req = LinkStateReq {
            header: Header::for_dev(dev.into()),
        };
        LinkStateGet(GenlDo::new(
            family,
            e::ETHTOOL_MSG_LINKSTATE_GET,
            &req,
            e::ETHTOOL_MSG_LINKSTATE_GET_REPLY,
            "ETHTOOL_MSG_LINKSTATE_GET_REPLY",
        ))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_FEATURES_GET` of one device (verbose): its [`Features`].
    pub struct FeaturesGet(request GenlDo<Features>);
}

impl FeaturesGet {
    /// The feature bitsets of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>) -> Self {
        FeaturesGet(GenlDo::new(
            family,
            e::ETHTOOL_MSG_FEATURES_GET,
            &FeaturesReq {
                header: Header::for_dev(dev.into()),
                wanted: None,
            },
            e::ETHTOOL_MSG_FEATURES_GET_REPLY,
            "ETHTOOL_MSG_FEATURES_GET_REPLY",
        ))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_FEATURES_SET`: turn features on or off by name, like `ethtool -K`. The
    /// answer is the kernel's `ETHTOOL_MSG_FEATURES_SET_REPLY` when it sent one (it tells which
    /// wanted and active features differ from the request).
    pub struct FeaturesSet(request GenlDoMaybe<Features>);
}

impl FeaturesSet {
    /// Set each named feature of `dev` to its value.
    pub fn new<'d, 'n>(
        family: impl Into<FamilyId>,
        dev: impl Into<Dev<'d>>,
        changes: impl IntoIterator<Item = (&'n str, bool)>,
    ) -> Self {
        FeaturesSet(GenlDoMaybe(GenlDo::new(
            family,
            e::ETHTOOL_MSG_FEATURES_SET,
            &FeaturesReq {
                header: Header::for_dev(dev.into()),
                wanted: Some(Bitset::change(changes)),
            },
            e::ETHTOOL_MSG_FEATURES_SET_REPLY,
            "ETHTOOL_MSG_FEATURES_SET_REPLY",
        )))
    }
}

/// `ETHTOOL_MSG_STRSET_GET` of one string set (`ETH_SS_*`) of a device: its strings, by index.
#[derive(Debug, Clone)]
pub struct StringSetGet {
    get: GenlDo<Strset>,
    id: u32,
}

impl StringSetGet {
    /// String set `id` of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>, id: u32) -> Self {
        StringSetGet {
            get: GenlDo::new(
                family,
                e::ETHTOOL_MSG_STRSET_GET,
                &strset_req(dev.into(), id),
                e::ETHTOOL_MSG_STRSET_GET_REPLY,
                "ETHTOOL_MSG_STRSET_GET_REPLY",
            ),
            id,
        }
    }
}

fn strset_req(dev: Dev<'_>, id: u32) -> StrsetReq {
    StrsetReq {
        header: Header::for_dev(dev),
        stringsets: Some(StringSetsReq {
            stringset: vec![StringSetReq { id }],
        }),
    }
}

/// The strings of set `id` in a `ETHTOOL_MSG_STRSET_GET_REPLY`, by index.
fn strings_of(reply: Strset, id: u32) -> Vec<String> {
    let mut out = Vec::new();
    let sets = reply.stringsets.map(|s| s.stringset).unwrap_or_default();
    for set in sets.into_iter().filter(|s| s.id == id) {
        for s in set.strings.into_iter().flat_map(|s| s.string) {
            let i = s.index as usize;
            if i > usize::from(u16::MAX) {
                continue; // not a string index any kernel sends: do not allocate for it
            }
            if out.len() <= i {
                out.resize(i + 1, String::new());
            }
            if let (Some(slot), Some(v)) = (out.get_mut(i), s.value) {
                *slot = v;
            }
        }
    }
    out
}

impl Request for StringSetGet {
    type Output = Vec<String>;
    fn request(&self) -> Result<Outgoing, Error> {
        self.get.request()
    }
    fn finish(&self, reply: Reply) -> Result<Vec<String>, Error> {
        Ok(strings_of(self.get.finish(reply)?, self.id))
    }
}

/// Every feature of a device with its state, as `ethtool -k DEV` lists them: the feature names
/// (`ETHTOOL_MSG_STRSET_GET` of `ETH_SS_FEATURES`) and the feature bitsets
/// (`ETHTOOL_MSG_FEATURES_GET`) asked for in one batch, answered together.
#[derive(Debug, Clone)]
pub struct FeatureStatesGet {
    names: StringSetGet,
    features: FeaturesGet,
}

impl FeatureStatesGet {
    /// The feature states of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>) -> Self {
        let (family, dev) = (family.into(), dev.into());
        FeatureStatesGet {
            names: StringSetGet::new(family, dev, e::ETH_SS_FEATURES),
            features: FeaturesGet::new(family, dev),
        }
    }
}

impl Request for FeatureStatesGet {
    type Output = Vec<FeatureState>;
    fn request(&self) -> Result<Outgoing, Error> {
        let mut batch = crate::Batch::new();
        for part in [self.names.request()?, self.features.request()?] {
            if let Outgoing::Message(m) = part {
                batch.push(&m)?;
            }
        }
        Ok(batch.into())
    }
    fn finish(&self, reply: Reply) -> Result<Vec<FeatureState>, Error> {
        let names = self.names.finish(reply.clone())?;
        Ok(self.features.finish(reply)?.states(&names))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_RINGS_GET` of one device: its [`Rings`].
    pub struct RingsGet(request GenlDo<Rings>);
}

impl RingsGet {
    /// The ring sizes of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>) -> Self {
        RingsGet(GenlDo::new(
            family,
            e::ETHTOOL_MSG_RINGS_GET,
            &RingsReq {
                header: Header::for_dev(dev.into()),
            },
            e::ETHTOOL_MSG_RINGS_GET_REPLY,
            "ETHTOOL_MSG_RINGS_GET_REPLY",
        ))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_CHANNELS_GET` of one device: its [`Channels`].
    pub struct ChannelsGet(request GenlDo<Channels>);
}

impl ChannelsGet {
    /// The channel counts of `dev`.
    pub fn new<'d>(family: impl Into<FamilyId>, dev: impl Into<Dev<'d>>) -> Self {
        ChannelsGet(GenlDo::new(
            family,
            e::ETHTOOL_MSG_CHANNELS_GET,
            &ChannelsReq {
                header: Header::for_dev(dev.into()),
                ..ChannelsReq::default()
            },
            e::ETHTOOL_MSG_CHANNELS_GET_REPLY,
            "ETHTOOL_MSG_CHANNELS_GET_REPLY",
        ))
    }
}

super::genl_op! {
    /// `ETHTOOL_MSG_CHANNELS_SET`: change the RX and TX channel counts of a device, like
    /// `ethtool -L DEV rx N tx M`.
    pub struct ChannelsSet(request Ack);
}

impl ChannelsSet {
    /// Set the counts of `dev`; `None` leaves a count alone.
    pub fn new<'d>(
        family: impl Into<FamilyId>,
        dev: impl Into<Dev<'d>>,
        rx: Option<u32>,
        tx: Option<u32>,
    ) -> Self {
        let req = ChannelsReq {
            header: Header::for_dev(dev.into()),
            rx_count: rx,
            tx_count: tx,
            ..ChannelsReq::default()
        };
        ChannelsSet(Ack(family.into().message(
            e::ETHTOOL_MSG_CHANNELS_SET,
            0,
            &req,
        )))
    }
}

super::family_handles! {
    family: "ethtool";
    example: "netlink_runtime::families::ethtool::*", request: "LinkInfoGet::new(h.family_id(), \"eth0\")", dump: "LinkInfoDump::new(h.family_id())";
    /// A blocking connection to the ethtool family: one socket, the family resolved when it is
    /// made. Its methods run the operations of this module (the same ones [`AsyncEthtool`]
    /// runs).
    ///
    /// ```no_run
    /// use netlink_runtime::families::ethtool::Ethtool;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut eth = Ethtool::new()?;
    /// let ch = eth.channels("eth0")?;
    /// println!("rx {:?} of {:?}", ch.rx_count, ch.rx_max);
    /// # Ok(()) }
    /// ```
    blocking: Ethtool;
    /// An async connection to the ethtool family for tokio services: `Clone + Send + Sync`,
    /// shared by any number of tasks (a pool of sockets, see [`crate::tokio::Connection`]),
    /// the family resolved once when it is made.
    ///
    /// ```no_run
    /// use netlink_runtime::families::ethtool::AsyncEthtool;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let eth = AsyncEthtool::new().await?;
    /// let ch = eth.channels("eth0").await?;
    /// println!("rx {:?} of {:?}", ch.rx_count, ch.rx_max);
    /// # Ok(()) }
    /// ```
    async: AsyncEthtool;
}

crate::op::handle_methods! {
    handles: Ethtool, AsyncEthtool;
    example: "netlink_runtime::families::ethtool::*", "let mut h = Ethtool::new()?;", "let h = AsyncEthtool::new().await?;";
    context: fam = family_id;

    /// Link info of a device (`ETHTOOL_MSG_LINKINFO_GET`).
    #[example = r#"h.link_info("eth0")"#]
    pub fn link_info<'d>(dev: impl Into<Dev<'d>>) -> LinkInfo = run(LinkInfoGet::new(fam, dev));

    /// Link info of every device of the namespace that reports it (a dump).
    #[example = "h.link_infos()"]
    pub fn link_infos() -> Vec<LinkInfo> = collect(LinkInfoDump::new(fam));

    /// Link info of every device, as a stream read as the kernel sends it.
    #[example = "h.link_info_stream()"]
    pub fn link_info_stream() -> stream<LinkInfoDump> = LinkInfoDump::new(fam);

    /// Speed, duplex, autonegotiation and link modes of a device
    /// (`ETHTOOL_MSG_LINKMODES_GET`, verbose bitsets so that modes come with their names).
    #[example = r#"h.link_modes("eth0")"#]
    pub fn link_modes<'d>(dev: impl Into<Dev<'d>>) -> LinkModes = run(LinkModesGet::new(fam, dev));

    /// Link state of a device (`ETHTOOL_MSG_LINKSTATE_GET`).
    #[example = r#"h.link_state("eth0")"#]
    pub fn link_state<'d>(dev: impl Into<Dev<'d>>) -> LinkState = run(LinkStateGet::new(fam, dev));

    /// Feature bitsets of a device (`ETHTOOL_MSG_FEATURES_GET`, verbose).
    #[example = r#"h.features("eth0")"#]
    pub fn features<'d>(dev: impl Into<Dev<'d>>) -> Features = run(FeaturesGet::new(fam, dev));

    /// The names of the netdev features, by bit index (string set `ETH_SS_FEATURES`).
    #[example = r#"h.feature_names("eth0")"#]
    pub fn feature_names<'d>(dev: impl Into<Dev<'d>>) -> Vec<String> = run(StringSetGet::new(fam, dev, e::ETH_SS_FEATURES));

    /// The strings of string set `id` (`ETH_SS_*`) for a device, by index
    /// (`ETHTOOL_MSG_STRSET_GET`).
    #[example = r#"h.string_set("eth0", ETH_SS_FEATURES)"#]
    pub fn string_set<'d>(dev: impl Into<Dev<'d>>, id: u32) -> Vec<String> = run(StringSetGet::new(fam, dev, id));

    /// Every feature of a device with its state, as `ethtool -k DEV` lists them (names and
    /// bitsets asked for in one batch).
    #[example = r#"h.feature_states("eth0")"#]
    pub fn feature_states<'d>(dev: impl Into<Dev<'d>>) -> Vec<FeatureState> = run(FeatureStatesGet::new(fam, dev));

    /// Turn features on or off by name (`ETHTOOL_MSG_FEATURES_SET`), like `ethtool -K`.
    /// Returns the kernel's `ETHTOOL_MSG_FEATURES_SET_REPLY` when it sent one (it tells
    /// which wanted and active features differ from the request).
    #[example = r#"h.set_features("eth0", [("tx-tcp-segmentation", false)])"#]
    pub fn set_features<'d, 'n>(dev: impl Into<Dev<'d>>, changes: impl IntoIterator<Item = (&'n str, bool)>) -> Option<Features> = run(FeaturesSet::new(fam, dev, changes));

    /// Ring sizes of a device (`ETHTOOL_MSG_RINGS_GET`).
    #[example = r#"h.rings("eth0")"#]
    pub fn rings<'d>(dev: impl Into<Dev<'d>>) -> Rings = run(RingsGet::new(fam, dev));

    /// Channel counts of a device (`ETHTOOL_MSG_CHANNELS_GET`).
    #[example = r#"h.channels("eth0")"#]
    pub fn channels<'d>(dev: impl Into<Dev<'d>>) -> Channels = run(ChannelsGet::new(fam, dev));

    /// Change the RX and TX channel counts of a device (`ETHTOOL_MSG_CHANNELS_SET`), like
    /// `ethtool -L DEV rx N tx M`; `None` leaves a count alone.
    #[example = r#"h.set_channels("eth0", Some(2), Some(2))"#]
    pub fn set_channels<'d>(dev: impl Into<Dev<'d>>, rx: Option<u32>, tx: Option<u32>) -> () = run(ChannelsSet::new(fam, dev, rx, tx));
}

/// A notification of the ethtool `monitor` group.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Notification {
    /// `ETHTOOL_MSG_FEATURES_NTF`.
    Features(Features),
    /// `ETHTOOL_MSG_LINKINFO_NTF`.
    LinkInfo(LinkInfo),
    /// `ETHTOOL_MSG_LINKMODES_NTF`.
    LinkModes(LinkModes),
    /// `ETHTOOL_MSG_RINGS_NTF`.
    Rings(Rings),
    /// `ETHTOOL_MSG_CHANNELS_NTF`.
    Channels(Channels),
    /// Another ethtool notification, by command.
    Other {
        /// `genlmsghdr.cmd` (an `ETHTOOL_MSG_*_NTF` of the kernel-to-user enum).
        cmd: u8,
    },
}

/// The multicast group ethtool's notifications are sent to.
pub const MONITOR_GROUP: &str = "monitor";

/// How the notifications of the ethtool `monitor` group are read into [`Notification`]s
/// (messages of other families are skipped): the one decoder of the blocking [`Monitor`] and
/// the async `Stream` ([`AsyncEthtool::monitor`]).
#[derive(Debug, Clone, Copy)]
pub struct MonitorDecoder {
    fam: FamilyId,
}

impl MonitorDecoder {
    /// For the ethtool family resolved as `family`.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        MonitorDecoder { fam: family.into() }
    }
}

impl Notifications for MonitorDecoder {
    type Event = Notification;
    fn decode(&self, m: &crate::Message<'_>) -> Result<Option<Notification>, Error> {
        let Some(cmd) = self.fam.command_of(m) else {
            return Ok(None);
        };
        Ok(Some(match cmd {
            e::ETHTOOL_MSG_FEATURES_NTF => Notification::Features(Features::from_message(m)?),
            e::ETHTOOL_MSG_LINKINFO_NTF => Notification::LinkInfo(LinkInfo::from_message(m)?),
            e::ETHTOOL_MSG_LINKMODES_NTF => Notification::LinkModes(LinkModes::from_message(m)?),
            e::ETHTOOL_MSG_RINGS_NTF => Notification::Rings(Rings::from_message(m)?),
            e::ETHTOOL_MSG_CHANNELS_NTF => Notification::Channels(Channels::from_message(m)?),
            cmd => Notification::Other { cmd },
        }))
    }
}

/// A subscription to the ethtool `monitor` multicast group (its id resolved by name through
/// nlctrl), yielding typed [`Notification`]s.
#[derive(Debug)]
pub struct Monitor {
    conn: GenlConn,
    decoder: MonitorDecoder,
}

impl Monitor {
    /// Open a socket in the calling thread's namespace and join `monitor`.
    ///
    /// ```no_run
    /// use netlink_runtime::families::ethtool::Monitor;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut mon = Monitor::new()?;
    /// loop {
    ///     println!("{:?}", mon.next()?);
    /// }
    /// # }
    /// ```
    pub fn new() -> Result<Monitor, Error> {
        Monitor::from_socket(Socket::open(crate::Protocol::GENERIC)?)
    }

    /// Join `monitor` on an already open `NETLINK_GENERIC` socket (e.g. one with a receive
    /// timeout, so that [`Monitor::next`] gives up with `WouldBlock`).
    ///
    /// ```no_run
    /// use netlink_runtime::families::ethtool::Monitor;
    /// use netlink_runtime::{Protocol, Socket};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let sock = Socket::builder(Protocol::GENERIC)
    ///     .recv_timeout(Some(std::time::Duration::from_secs(5)))
    ///     .open()?;
    /// let mut mon = Monitor::from_socket(sock)?;
    /// match mon.next() {
    ///     Ok(n) => println!("{n:?}"),
    ///     Err(netlink_runtime::Error::WouldBlock) => println!("quiet for 5 s"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn from_socket(sock: Socket) -> Result<Monitor, Error> {
        let mut conn = GenlConn::from_socket(sock, "ethtool")?;
        conn.join_group(MONITOR_GROUP)?;
        let decoder = MonitorDecoder::new(conn.family());
        Ok(Monitor { conn, decoder })
    }

    /// The connection (socket and resolved family).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut mon = netlink_runtime::families::ethtool::Monitor::new()?;
    /// println!("group {:?}", mon.conn().family().group("monitor"));
    /// # Ok(()) }
    /// ```
    pub fn conn(&mut self) -> &mut GenlConn {
        &mut self.conn
    }

    /// Wait for the next ethtool notification (messages of other families are skipped).
    ///
    /// ```no_run
    /// use netlink_runtime::families::ethtool::{Monitor, Notification};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut mon = Monitor::new()?;
    /// if let Notification::Features(f) = mon.next()? {
    ///     println!("{:?}", f.header);
    /// }
    /// # Ok(()) }
    /// ```
    #[allow(clippy::should_implement_trait)] // fallible and blocking: not an Iterator
    pub fn next(&mut self) -> Result<Notification, Error> {
        self.conn.next_notification(&self.decoder)
    }
}

#[cfg(feature = "tokio")]
impl AsyncEthtool {
    /// Subscribe to the `monitor` group (joined by name) on a socket of its own: a `Stream` of
    /// typed [`Notification`]s, decoded as the blocking [`Monitor`] decodes them. After lost
    /// notifications (receive queue overrun) the stream yields `Err(Error::Overrun)` once and
    /// goes on.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use netlink_runtime::families::ethtool::AsyncEthtool;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let eth = AsyncEthtool::new().await?;
    /// let mut mon = eth.monitor()?;
    /// while let Some(n) = mon.next().await {
    ///     println!("{:?}", n?);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn monitor(&self) -> Result<crate::tokio::Subscription<MonitorDecoder>, Error> {
        self.conn
            .subscribe(MONITOR_GROUP, MonitorDecoder::new(self.family_id()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{FromAttrs, ToAttrs};
    use crate::{Attrs, MessageBuilder};

    fn round_trip(b: &Bitset) -> Bitset {
        let mut m = MessageBuilder::new(1, 0);
        b.to_attrs(&mut m);
        let bytes = m.finish().unwrap();
        Bitset::from_attrs(Attrs::new(&bytes[16..])).unwrap()
    }

    fn bit(index: u32, name: &str, value: bool) -> BitsetBit {
        BitsetBit {
            index: Some(index),
            name: Some(name.into()),
            value,
        }
    }

    #[test]
    fn verbose_bitsets_with_and_without_mask() {
        let masked = Bitset {
            bits: Some(BitsetBits {
                bit: vec![bit(0, "a", true), bit(3, "b", false)],
            }),
            ..Bitset::default()
        };
        let masked = round_trip(&masked);
        assert!(masked.is_set(0) && !masked.is_set(3) && !masked.is_set(1));
        assert!(masked.in_mask(3) && !masked.in_mask(1));
        assert_eq!(masked.set_names(), ["a"]);
        assert_eq!(masked.mask_names(), ["a", "b"]);
        let nomask = round_trip(&Bitset {
            nomask: true,
            bits: Some(BitsetBits {
                bit: vec![bit(5, "c", false)],
            }),
            ..Bitset::default()
        });
        assert!(nomask.is_set(5) && nomask.is_set_by_name("c") && !nomask.is_set(0));
    }

    #[test]
    fn compact_bitsets_are_arrays_of_words() {
        let mut words = Vec::new();
        words.extend_from_slice(&0x8000_0001u32.to_ne_bytes());
        words.extend_from_slice(&0x2u32.to_ne_bytes());
        let b = round_trip(&Bitset {
            size: Some(64),
            value: Some(words.clone()),
            mask: Some(words),
            ..Bitset::default()
        });
        let set: Vec<u32> = (0..80).filter(|i| b.is_set(*i)).collect();
        assert_eq!(set, [0, 31, 33]);
        assert!(b.in_mask(33) && !b.in_mask(34));
    }

    #[test]
    fn change_requests_name_bits_with_a_mask() {
        let b = round_trip(&Bitset::change([("x", false), ("y", true)]));
        assert!(!b.nomask);
        assert_eq!(b.mask_names(), ["x", "y"]);
        assert!(!b.is_set_by_name("x") && b.is_set_by_name("y"));
    }

    #[test]
    fn feature_states_follow_ethtool_rules() {
        let set = |idx: &[u32]| {
            Some(Bitset {
                nomask: true,
                bits: Some(BitsetBits {
                    bit: idx.iter().map(|i| bit(*i, "", false)).collect(),
                }),
                ..Bitset::default()
            })
        };
        let f = Features {
            hw: set(&[0, 1]),
            wanted: set(&[0]),
            active: set(&[0, 2]),
            nochange: set(&[1]),
            header: None,
        };
        let names: Vec<String> = ["f0", "f1", "f2"].map(String::from).to_vec();
        let s = f.states(&names);
        assert_eq!(
            s.iter()
                .map(|s| (s.active, s.requested, s.fixed))
                .collect::<Vec<_>>(),
            [
                (true, true, false),
                (false, false, true),
                (true, false, true)
            ]
        );
    }

    #[test]
    fn replies_decode_from_kernel_bytes() {
        // ETHTOOL_MSG_CHANNELS_GET_REPLY as the kernel lays it out: genlmsghdr, then
        // HEADER { DEV_INDEX, DEV_NAME }, RX_MAX, RX_COUNT.
        let mut m = MessageBuilder::new_genl(0x15, 0, e::ETHTOOL_MSG_CHANNELS_GET_REPLY, 1);
        let h = m.begin_nest(e::ETHTOOL_A_CHANNELS_HEADER);
        m.attr_u32(e::ETHTOOL_A_HEADER_DEV_INDEX, 7);
        m.attr_str(e::ETHTOOL_A_HEADER_DEV_NAME, "veth0");
        m.end_nest(h);
        m.attr_u32(e::ETHTOOL_A_CHANNELS_RX_MAX, 4);
        m.attr_u32(e::ETHTOOL_A_CHANNELS_RX_COUNT, 2);
        m.attr_u32(999, 1); // newer kernel: skipped
        let bytes = m.finish().unwrap();
        let ch = Channels::from_message(&crate::Message::parse(&bytes).unwrap()).unwrap();
        assert_eq!(ch.rx_max, Some(4));
        assert_eq!(ch.rx_count, Some(2));
        assert_eq!(ch.tx_max, None);
        let hdr = ch.header.unwrap();
        assert_eq!(
            (hdr.dev_index, hdr.dev_name.as_deref()),
            (Some(7), Some("veth0"))
        );
        // Truncated: an error, not a panic.
        let cut = &bytes[..bytes.len() - 6];
        let mut short = cut.to_vec();
        short[..4].copy_from_slice(&(cut.len() as u32).to_ne_bytes());
        let r = crate::Message::parse(&short).map(|m| Channels::from_message(&m).is_err());
        assert!(r.unwrap_or(true));
    }
}
