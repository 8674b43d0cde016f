//! Multicast groups and the events they deliver.
//!
//! Groups are joined with `NETLINK_ADD_MEMBERSHIP` (not the 32-bit
//! `nl_groups` bind mask), so groups above 31 work. Events are read one
//! message at a time, borrowed from the receive buffer (or from the event
//! queue, for datagrams that arrived while a request on the same socket was
//! waiting for its reply: those are queued, in order, and handed out first).
//!
//! When the kernel could not deliver an event because the socket's receive
//! queue was full, the next read returns [`Error::Overrun`] once; the socket
//! keeps working and the caller re-dumps to resynchronise.

use crate::error::Error;
use crate::message::{header_at, Message};
use crate::schemas::netlink::{NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP};
use crate::socket::{message_in, set_netlink_opt, Datagram, Socket};
use std::os::fd::AsFd;

/// Where the next event message is.
pub(crate) enum EventStep {
    /// At (pos, len) in the front of the event queue.
    Queued(usize, usize),
    /// At (pos, len) in the receive buffer.
    Buffered(usize, usize),
    /// Receive another datagram.
    NeedRecv,
}

impl Socket {
    /// Join multicast group `group` (e.g. `RTNLGRP_LINK`, or a generic
    /// netlink group id from [`crate::genl::Family::group`]).
    pub fn join_group(&self, group: u32) -> Result<(), Error> {
        set_netlink_opt(self.fd.as_fd(), NETLINK_ADD_MEMBERSHIP, group)?;
        Ok(())
    }

    /// Leave multicast group `group`.
    pub fn leave_group(&self, group: u32) -> Result<(), Error> {
        set_netlink_opt(self.fd.as_fd(), NETLINK_DROP_MEMBERSHIP, group)?;
        Ok(())
    }

    /// Locate the next already-received event message, if any.
    pub(crate) fn event_step(&mut self) -> Result<EventStep, Error> {
        if self.overrun_pending {
            self.overrun_pending = false;
            return Err(Error::Overrun);
        }
        loop {
            if let Some(front) = self.events.front() {
                if self.ev_qpos < front.len() {
                    match header_at(front, self.ev_qpos) {
                        Ok((_, len, step)) => {
                            let p = self.ev_qpos;
                            self.ev_qpos += step;
                            return Ok(EventStep::Queued(p, len));
                        }
                        Err(e) => {
                            self.pop_event();
                            return Err(e.into());
                        }
                    }
                }
                self.pop_event();
                continue;
            }
            if self.ev_pos < self.ev_end {
                let buf = self.buf.get(..self.ev_end).unwrap_or(&[]);
                return match header_at(buf, self.ev_pos) {
                    Ok((_, len, step)) => {
                        let p = self.ev_pos;
                        self.ev_pos += step;
                        Ok(EventStep::Buffered(p, len))
                    }
                    Err(e) => {
                        self.ev_pos = self.ev_end;
                        Err(e.into())
                    }
                };
            }
            return Ok(EventStep::NeedRecv);
        }
    }

    /// Feed one receive result to the event reader.
    pub(crate) fn event_on_recv(&mut self, r: Result<Datagram, Error>) -> Result<(), Error> {
        let dg = r?;
        if dg.src_pid != 0 {
            self.count_foreign();
        } else if dg.group == 0 {
            // Unicast from the kernel with no request in flight: a late
            // reply (e.g. the rest of an abandoned dump), not an event.
            self.drop_stale_datagram(dg.len);
        } else {
            self.ev_pos = 0;
            self.ev_end = dg.len;
        }
        Ok(())
    }

    /// The message a non-`NeedRecv` step points at.
    pub(crate) fn event_message(&self, step: EventStep) -> Message<'_> {
        match step {
            EventStep::Queued(p, len) => match self.events.front() {
                Some(d) => message_in(d, p, len),
                None => message_in(&[], 0, 0),
            },
            EventStep::Buffered(p, len) => self.message_at(p, len),
            EventStep::NeedRecv => message_in(&[], 0, 0),
        }
    }

    /// Wait for the next multicast event message (blocking, or until
    /// `SO_RCVTIMEO` gives [`Error::WouldBlock`]). Returns
    /// [`Error::Overrun`] once after events were lost.
    pub fn next_event(&mut self) -> Result<Message<'_>, Error> {
        loop {
            let step = self.event_step()?;
            if matches!(step, EventStep::NeedRecv) {
                let r = self.recv_datagram(false);
                self.event_on_recv(r)?;
                continue;
            }
            return Ok(self.event_message(step));
        }
    }

    /// The next event if one is available without blocking.
    pub fn try_next_event(&mut self) -> Result<Option<Message<'_>>, Error> {
        loop {
            let step = self.event_step()?;
            if matches!(step, EventStep::NeedRecv) {
                match self.recv_datagram(true) {
                    Err(Error::WouldBlock) => return Ok(None),
                    r => self.event_on_recv(r)?,
                }
                continue;
            }
            return Ok(Some(self.event_message(step)));
        }
    }

    /// Number of event datagrams queued while requests were waiting.
    pub fn queued_events(&self) -> usize {
        self.events.len()
    }
}
