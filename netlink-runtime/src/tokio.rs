//! The same requests, dumps and events on an async socket
//! (`tokio::io::unix::AsyncFd` over the non-blocking descriptor).
//!
//! Every decision (reply matching, event queueing, dump termination) is made
//! by the same state machines the blocking [`Socket`] uses; this module only
//! replaces "block in `recvmsg`" with "await readiness, then `recvmsg`".

use std::io;

use tokio::io::unix::AsyncFd;

use crate::builder::AsRequest;
use crate::error::Error;
use crate::genl::{family_from_reply, get_family_request, Family};
use crate::message::Message;
use crate::multicast::EventStep;
use crate::request::{DumpState, DumpStep, Reply};
use crate::socket::{Datagram, Protocol, Socket, SocketBuilder};

/// An async netlink socket. Create it inside a tokio runtime.
#[derive(Debug)]
pub struct AsyncSocket {
    inner: AsyncFd<Socket>,
}

impl AsyncSocket {
    /// Wrap an open socket (switched to non-blocking).
    pub fn new(sock: Socket) -> Result<AsyncSocket, Error> {
        sock.set_nonblocking(true)?;
        // `register` panics without a reactor; report that as an error.
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::Io(io::Error::other(
                "AsyncSocket must be created inside a tokio runtime",
            )));
        }
        // SAFETY: `Socket` owns its descriptor (an `OwnedFd` that is never
        // replaced or closed before the `Socket` is dropped), so
        // `as_raw_fd()` returns the same open descriptor for the whole life
        // of the `AsyncFd`.
        let inner = unsafe { AsyncFd::register(sock) }.map_err(|e| Error::Io(e.into()))?;
        Ok(AsyncSocket { inner })
    }

    /// Open a socket for `protocol` with default options.
    pub fn open(protocol: Protocol) -> Result<AsyncSocket, Error> {
        Self::from_builder(Socket::builder(protocol))
    }

    /// Open a socket configured by `builder`.
    pub fn from_builder(builder: SocketBuilder) -> Result<AsyncSocket, Error> {
        Self::new(builder.nonblocking(true).open()?)
    }

    /// The underlying socket (counters, port id, ...).
    pub fn get_ref(&self) -> &Socket {
        self.inner.get_ref()
    }

    /// The underlying socket, mutably.
    pub fn get_mut(&mut self) -> &mut Socket {
        self.inner.get_mut()
    }

    /// Unwrap into the (non-blocking) socket.
    pub fn into_inner(self) -> Socket {
        self.inner.into_inner()
    }

    /// Receive one datagram once the descriptor is readable.
    async fn recv(&mut self) -> Result<Datagram, Error> {
        loop {
            let mut guard = self.inner.readable_mut().await?;
            let r = guard.try_io(|fd| match fd.get_mut().recv_datagram(true) {
                Err(Error::WouldBlock) => Err(io::ErrorKind::WouldBlock.into()),
                other => Ok(other),
            });
            match r {
                Ok(Ok(r)) => return r,
                Ok(Err(e)) => return Err(e.into()),
                Err(_would_block) => continue,
            }
        }
    }

    /// See [`Socket::request`].
    pub async fn request<R: AsRequest + ?Sized>(&mut self, req: &mut R) -> Result<Reply, Error> {
        let mut st = self.get_mut().begin_request(req)?;
        while !st.is_complete() {
            // After an overrun, the answer is either queued already or lost:
            // poll without waiting (see `Socket::request`).
            let r = if st.lossy {
                self.get_mut().recv_datagram(true)
            } else {
                self.recv().await
            };
            self.get_mut().request_on_recv(&mut st, r)?;
        }
        st.finish()
    }

    /// See [`Socket::dump`]; read with [`AsyncDump::next`].
    pub async fn dump<R: AsRequest + ?Sized>(
        &mut self,
        req: &mut R,
    ) -> Result<AsyncDump<'_>, Error> {
        let st = self.get_mut().begin_dump(req)?;
        Ok(AsyncDump { sock: self, st })
    }

    /// Join a multicast group; see [`Socket::join_group`].
    pub fn join_group(&self, group: u32) -> Result<(), Error> {
        self.get_ref().join_group(group)
    }

    /// Leave a multicast group.
    pub fn leave_group(&self, group: u32) -> Result<(), Error> {
        self.get_ref().leave_group(group)
    }

    /// Wait for the next event; see [`Socket::next_event`].
    pub async fn next_event(&mut self) -> Result<Message<'_>, Error> {
        loop {
            let step = self.get_mut().event_step()?;
            if matches!(step, EventStep::NeedRecv) {
                let r = self.recv().await;
                self.get_mut().event_on_recv(r)?;
                continue;
            }
            return Ok(self.get_ref().event_message(step));
        }
    }

    /// The next event if one is available without waiting; see
    /// [`Socket::try_next_event`].
    pub fn try_next_event(&mut self) -> Result<Option<Message<'_>>, Error> {
        self.get_mut().try_next_event()
    }

    /// Resolve a generic-netlink family (cached); see [`Socket::resolve_family`].
    pub async fn resolve_family(&mut self, name: &str) -> Result<&Family, Error> {
        if !self.get_ref().families.contains_key(name) {
            let r = self.request(&mut get_family_request(name)).await;
            let fam = family_from_reply(name, r)?;
            self.get_mut().families.insert(name.to_owned(), fam);
        }
        self.get_ref()
            .families
            .get(name)
            .ok_or_else(|| Error::FamilyNotFound(name.to_owned()))
    }
}

/// An async dump in progress; see [`crate::request::Dump`].
#[derive(Debug)]
pub struct AsyncDump<'s> {
    sock: &'s mut AsyncSocket,
    st: DumpState,
}

impl AsyncDump<'_> {
    /// The next message, borrowed from the receive buffer until the next call.
    pub async fn next(&mut self) -> Result<Option<Message<'_>>, Error> {
        loop {
            match self.sock.get_mut().dump_step(&mut self.st)? {
                DumpStep::Deliver(pos, len) => {
                    return Ok(Some(self.sock.get_ref().message_at(pos, len)))
                }
                DumpStep::Finished => return Ok(None),
                DumpStep::NeedRecv => {
                    let r = self.sock.recv().await;
                    self.sock.get_mut().dump_on_recv(&mut self.st, r)?;
                }
            }
        }
    }

    /// Whether a message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.st.interrupted
    }
}
