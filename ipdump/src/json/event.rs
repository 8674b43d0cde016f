//! Events (`ipdump monitor`): one JSON object per notification, `{"event":"newroute", ...}`
//! followed by the object's own keys.

use std::io::Write;

use serde::ser::SerializeMap;

use super::addr::AddrEventJson;
use super::format::{to_writer, Style};
use super::link::LinkJson;
use super::neigh::NeighJson;
use super::nexthop::NexthopJson;
use super::route::{RouteForm, RouteJson};
use super::rule::RuleJson;
use super::{Fields, LinkNames};
use netlink_runtime::codec::FromMessage;
use netlink_runtime::rtnl::{
    AddressRef, Error, Link, LinkRef, NeighbourRef, NexthopRef, RouteRef, RuleRef,
};
use netlink_runtime::schemas::rtnetlink::*;
use netlink_runtime::Message;

/// An event: its name, then the keys of the object's view.
#[derive(Debug, Clone, Copy)]
pub struct EventJson<O> {
    /// `newlink`, `delroute`, ...
    pub event: &'static str,
    /// The object's view.
    pub object: O,
}

impl<O: Fields> serde::Serialize for EventJson<O> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::object(self, s)
    }
}

impl<O: Fields> Fields for EventJson<O> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("event", self.event)?;
        self.object.fields(m)
    }
}

/// The event name of a message type, `None` for types that are not rtnetlink object events.
pub fn event_name(kind: u16) -> Option<&'static str> {
    Some(match kind {
        RTM_NEWLINK => "newlink",
        RTM_DELLINK => "dellink",
        RTM_NEWADDR => "newaddr",
        RTM_DELADDR => "deladdr",
        RTM_NEWROUTE => "newroute",
        RTM_DELROUTE => "delroute",
        RTM_NEWNEIGH => "newneigh",
        RTM_DELNEIGH => "delneigh",
        RTM_NEWRULE => "newrule",
        RTM_DELRULE => "delrule",
        RTM_NEWNEXTHOP => "newnexthop",
        RTM_DELNEXTHOP => "delnexthop",
        _ => return None,
    })
}

/// Writes one event as a JSON object and a newline (nothing for other message types). Link
/// names are kept up to date from link events.
pub fn write_event<W: Write>(
    w: &mut W,
    style: Style,
    m: &Message<'_>,
    names: &mut LinkNames,
) -> Result<(), Error> {
    let Some(event) = event_name(m.kind()) else {
        return Ok(());
    };
    fn out<W: Write, O: Fields>(w: &mut W, style: Style, ev: EventJson<O>) -> Result<(), Error> {
        to_writer(w, style, &ev)?;
        w.write_all(b"\n")?;
        Ok(())
    }
    match m.kind() {
        RTM_NEWLINK | RTM_DELLINK => {
            let l = Link::try_from(&LinkRef::from_message(m)?)?;
            if m.kind() == RTM_NEWLINK {
                names.update(l.index(), Some(&l.name().to_string_lossy()));
            }
            let object = LinkJson::new(&l, names, &[]);
            out(w, style, EventJson { event, object })?;
            if m.kind() == RTM_DELLINK {
                names.update(l.index(), None);
            }
            Ok(())
        }
        RTM_NEWADDR | RTM_DELADDR => {
            let addr = &AddressRef::from_message(m)?;
            let object = AddrEventJson { addr, names };
            out(w, style, EventJson { event, object })
        }
        RTM_NEWROUTE | RTM_DELROUTE => {
            let route = &RouteRef::from_message(m)?;
            let form = RouteForm::FULL;
            let object = RouteJson { route, names, form };
            out(w, style, EventJson { event, object })
        }
        RTM_NEWNEIGH | RTM_DELNEIGH => {
            let neigh = &NeighbourRef::from_message(m)?;
            let show_dev = true;
            let object = NeighJson {
                neigh,
                names,
                show_dev,
            };
            out(w, style, EventJson { event, object })
        }
        RTM_NEWRULE | RTM_DELRULE => {
            let object = RuleJson(&RuleRef::from_message(m)?);
            out(w, style, EventJson { event, object })
        }
        _ => {
            let nexthop = &NexthopRef::from_message(m)?;
            let object = NexthopJson { nexthop, names };
            out(w, style, EventJson { event, object })
        }
    }
}
