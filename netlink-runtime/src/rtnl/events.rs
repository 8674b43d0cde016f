//! Typed change events from the rtnetlink multicast groups.

use std::time::Duration;

use super::{
    Address, AddressRef, Error, Link, LinkRef, Neighbour, NeighbourRef, Nexthop, NexthopRef, Route,
    RouteRef, Rule, RuleRef,
};
use crate::codec::FromMessage;
use crate::netns::NetnsRef;
use crate::op::Notifications;
use crate::schemas::rtnetlink::*;
use crate::schemas::rtnetlink::{
    RTM_DELNEXTHOP, RTM_DELRULE, RTM_NEWNEXTHOP, RTM_NEWRULE, RTNLGRP_IPV6_RULE,
};
use crate::{Message, Protocol, Socket};

/// One change the kernel announced.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Event {
    /// A link appeared or changed.
    NewLink(Link),
    /// A link went away.
    DelLink(Link),
    /// An address was added (or changed).
    NewAddr(Address),
    /// An address was removed.
    DelAddr(Address),
    /// A route was added (or changed).
    NewRoute(Route),
    /// A route was removed.
    DelRoute(Route),
    /// A neighbour entry was added or changed.
    NewNeigh(Neighbour),
    /// A neighbour entry was removed.
    DelNeigh(Neighbour),
    /// A rule was added.
    NewRule(Rule),
    /// A rule was removed.
    DelRule(Rule),
    /// A nexthop was added or changed.
    NewNexthop(Nexthop),
    /// A nexthop was removed.
    DelNexthop(Nexthop),
    /// A tc change (`RTNLGRP_TC`: qdiscs, classes, filters, actions; feature `tc`).
    #[cfg(feature = "tc")]
    Tc(Box<crate::tc::TcEvent>),
    /// A message type this API does not model (its `nlmsg_type`).
    Other(u16),
}

impl Event {
    /// Decode an event message.
    pub fn from_message(m: &Message<'_>) -> Result<Event, Error> {
        Ok(match m.kind() {
            RTM_NEWLINK => Event::NewLink(Link::try_from(&LinkRef::from_message(m)?)?),
            RTM_DELLINK => Event::DelLink(Link::try_from(&LinkRef::from_message(m)?)?),
            RTM_NEWADDR => Event::NewAddr(Address::from(&AddressRef::from_message(m)?)),
            RTM_DELADDR => Event::DelAddr(Address::from(&AddressRef::from_message(m)?)),
            RTM_NEWROUTE => Event::NewRoute(Route::try_from(&RouteRef::from_message(m)?)?),
            RTM_DELROUTE => Event::DelRoute(Route::try_from(&RouteRef::from_message(m)?)?),
            RTM_NEWNEIGH => Event::NewNeigh(Neighbour::from(&NeighbourRef::from_message(m)?)),
            RTM_DELNEIGH => Event::DelNeigh(Neighbour::from(&NeighbourRef::from_message(m)?)),
            RTM_NEWRULE => Event::NewRule(Rule::from(&RuleRef::from_message(m)?)),
            RTM_DELRULE => Event::DelRule(Rule::from(&RuleRef::from_message(m)?)),
            RTM_NEWNEXTHOP => Event::NewNexthop(Nexthop::try_from(&NexthopRef::from_message(m)?)?),
            RTM_DELNEXTHOP => Event::DelNexthop(Nexthop::try_from(&NexthopRef::from_message(m)?)?),
            #[cfg(feature = "tc")]
            k if crate::tc::TcEvent::is_tc_message(k) => match crate::tc::TcEvent::from_message(m)?
            {
                Some(e) => Event::Tc(Box::new(e)),
                None => Event::Other(k),
            },
            k => Event::Other(k),
        })
    }
}

/// How rtnetlink notifications are read into [`Event`]s: the one decoder of the blocking
/// [`Events`] and the async `Stream` ([`AsyncHandle::events`](super::AsyncHandle::events)).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventDecoder;

impl Notifications for EventDecoder {
    type Event = Event;
    fn decode(&self, msg: &Message<'_>) -> Result<Option<Event>, Error> {
        Event::from_message(msg).map(Some)
    }
}

/// The groups [`Events::subscribe_all`] joins: links, IPv4/IPv6 addresses, routes and rules,
/// neighbours and nexthops.
pub const ALL_GROUPS: &[u32] = &[
    RTNLGRP_LINK,
    RTNLGRP_IPV4_IFADDR,
    RTNLGRP_IPV6_IFADDR,
    RTNLGRP_IPV4_ROUTE,
    RTNLGRP_IPV6_ROUTE,
    RTNLGRP_NEIGH,
    RTNLGRP_IPV4_RULE,
    RTNLGRP_IPV6_RULE,
    RTNLGRP_NEXTHOP,
];

/// A subscription to rtnetlink multicast groups.
#[derive(Debug)]
pub struct Events {
    sock: Socket,
}

impl Events {
    /// Subscribe to `groups` (`RTNLGRP_*`) in the calling thread's namespace.
    pub fn subscribe(groups: &[u32]) -> Result<Events, Error> {
        Events::with_socket(Socket::open(Protocol::ROUTE)?, groups)
    }

    /// Subscribe to every group this API models ([`ALL_GROUPS`]).
    pub fn subscribe_all() -> Result<Events, Error> {
        Events::subscribe(ALL_GROUPS)
    }

    /// Subscribe to `groups` in the namespace `ip netns` calls `name`.
    pub fn in_netns(name: &str, groups: &[u32]) -> Result<Events, Error> {
        Events::in_netns_ref(NetnsRef::Name(name), groups)
    }

    /// Subscribe to `groups` in namespace `ns` (name, path, pid or fd).
    pub fn in_netns_ref(ns: NetnsRef<'_>, groups: &[u32]) -> Result<Events, Error> {
        let sock = Socket::builder(Protocol::ROUTE).open_in_netns(ns)?;
        Events::with_socket(sock, groups)
    }

    fn with_socket(sock: Socket, groups: &[u32]) -> Result<Events, Error> {
        for &g in groups {
            sock.join_group(g)?;
        }
        Ok(Events { sock })
    }

    /// Wait for the next event. After lost events (receive queue overrun) this returns
    /// `Error::Netlink(netlink_runtime::Error::Overrun)` once: re-dump to resynchronise.
    pub fn next_event(&mut self) -> Result<Event, Error> {
        self.sock.next_notification(&EventDecoder)
    }

    /// Wait for the next event, calling `f` with the raw message (borrowed; for callers that
    /// decode into a borrowed struct themselves, like `ipdump monitor`).
    pub fn next_raw<R>(&mut self, f: impl FnOnce(&Message<'_>) -> R) -> Result<R, Error> {
        let m = self.sock.next_event()?;
        Ok(f(&m))
    }

    /// Wait at most `timeout` for the next event (`Ok(None)` on timeout).
    pub fn next_timeout(&mut self, timeout: Duration) -> Result<Option<Event>, Error> {
        self.next_raw_timeout(timeout, Event::from_message)?
            .transpose()
    }

    /// Wait at most `timeout` for the next event message and call `f` with it (`Ok(None)` on
    /// timeout).
    pub fn next_raw_timeout<R>(
        &mut self,
        timeout: Duration,
        f: impl FnOnce(&Message<'_>) -> R,
    ) -> Result<Option<R>, Error> {
        use std::os::fd::{AsFd, AsRawFd};
        let deadline = std::time::Instant::now() + timeout;
        loop {
            // Poll first so the borrow of the socket by a message ends before we loop.
            let ready = match self.sock.try_next_event()? {
                Some(m) => return Ok(Some(f(&m))),
                None => false,
            };
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() && !ready {
                return Ok(None);
            }
            let mut pfd = libc::pollfd {
                fd: self.sock.as_fd().as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            let ms = left.as_millis().clamp(1, i32::MAX as u128) as i32;
            // SAFETY: `pfd` is a live, initialised pollfd and we pass a count of 1; the fd
            // stays open (borrowed from the socket) for the duration of the call.
            unsafe { libc::poll(&mut pfd, 1, ms) };
        }
    }

    /// The socket (e.g. to poll it).
    pub fn socket(&mut self) -> &mut Socket {
        &mut self.sock
    }
}

#[cfg(feature = "tokio")]
impl super::AsyncHandle {
    /// Subscribe to `groups` (`RTNLGRP_*`, e.g. [`ALL_GROUPS`]) in the handle's namespace: a
    /// `Stream` of typed events, decoded as the blocking [`Events`] decodes them. After lost
    /// events (receive queue overrun) the stream yields `Err(Error::Overrun)` once and goes on.
    ///
    /// ```no_run
    /// # use netlink_runtime::rtnl::*;
    /// use futures::StreamExt;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = AsyncHandle::new()?;
    /// let mut events = h.events(ALL_GROUPS)?;
    /// while let Some(ev) = events.next().await {
    ///     match ev {
    ///         Ok(ev) => println!("{ev:?}"),
    ///         Err(netlink_runtime::Error::Overrun) => println!("lost events: re-dump"),
    ///         Err(e) => return Err(e),
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn events(
        &self,
        groups: &[u32],
    ) -> Result<crate::tokio::Subscription<EventDecoder>, Error> {
        self.connection().subscribe(groups, EventDecoder)
    }
}
