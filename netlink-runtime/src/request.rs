//! Requests (with ACK) and dumps.
//!
//! Both are split into a small state machine ("what to do with the buffer")
//! and a driver ("receive the next datagram"), so the blocking socket here
//! and the async socket in `tokio.rs` share every decision and differ only
//! in how they wait.

use crate::builder::{Answers, AsRequest};
use crate::error::{parse_status, Error, KernelError};
use crate::message::{header_at, Message, Messages};
use crate::schemas::netlink::*;
use crate::socket::{message_in, Datagram, Socket};

/// Messages the kernel sent back for a request besides its ACK: the echoed
/// object with `NLM_F_ECHO`, or the answer of a `GET` without `NLM_F_DUMP`.
/// Copied out of the receive buffer because the ACK that follows may reuse
/// it; empty (no allocation) for a plain ACK.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    buf: Vec<u8>,
    warning: Option<String>,
    answers: Vec<Answer>,
}

/// The kernel's answer to one message of a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answer {
    /// The kernel sent nothing for this message: in a transaction, a member that did not ask
    /// for an ACK and did not fail, the batch's begin message when the batch did not fail as a
    /// whole, its end message, or every member when the kernel refused the batch before
    /// reading them.
    #[default]
    None,
    /// An ACK, with the extended-ACK text the kernel sent with it (a warning), if any.
    Ack(Option<String>),
    /// An error, with its extended-ACK details.
    Error(KernelError),
}

impl Answer {
    /// The error, if this answer is one.
    pub fn error(&self) -> Option<&KernelError> {
        match self {
            Answer::Error(e) => Some(e),
            _ => None,
        }
    }
}

impl Reply {
    /// Iterate the reply messages.
    pub fn messages(&self) -> Messages<'_> {
        Messages::new(&self.buf)
    }
    /// Whether the kernel sent only the ACK.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    /// An extended-ACK message sent with a successful ACK (a warning).
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }
    /// The raw reply bytes (whole, aligned messages).
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }
    /// The answer to each message of a batch, in the batch's order (empty for a single
    /// message, whose answer is the request's result itself).
    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }
}

/// Progress of a request awaiting its ACK(s).
#[derive(Debug)]
pub(crate) struct RequestState {
    first: u32,
    count: u32,
    echo: bool,
    /// An overrun was seen while waiting: our ACK may have been dropped too.
    pub(crate) lossy: bool,
    pending: u32,
    error: Option<KernelError>,
    reply: Reply,
    mode: Answers,
}

impl RequestState {
    pub(crate) fn is_complete(&self) -> bool {
        self.pending == 0
    }

    /// Whether the next receive must not wait: after an overrun (the answer is queued or
    /// lost), and always for a transaction (the kernel answered inside our `send`).
    pub(crate) fn poll_only(&self) -> bool {
        self.lossy || self.mode == Answers::Transaction
    }

    pub(crate) fn finish(self) -> Result<Reply, Error> {
        match (self.mode, self.error) {
            (Answers::EachMessage, Some(e)) => Err(Error::Kernel(e)),
            _ => Ok(self.reply),
        }
    }
}

/// Bytes of receive queue one answer may take (an skb's truesize, generously), to size the
/// queue before a transaction whose answers all arrive at once.
const QUEUE_BYTES_PER_ANSWER: usize = 1024;

/// How many messages of a transaction ask for an ACK, besides its first and last (the batch's
/// begin and end, which the kernel does not acknowledge).
fn answering_members(bytes: &[u8]) -> Result<u32, Error> {
    let mut pos = 0;
    let mut flags = Vec::new();
    while pos < bytes.len() {
        let (h, _, step) = header_at(bytes, pos)?;
        flags.push(h.flags);
        pos += step;
    }
    let members = flags.get(1..flags.len().saturating_sub(1)).unwrap_or(&[]);
    Ok(members.iter().filter(|f| *f & NLM_F_ACK != 0).count() as u32)
}

/// Progress of a dump.
#[derive(Debug)]
pub(crate) struct DumpState {
    seq: u32,
    pos: usize,
    end: usize,
    done: bool,
    /// The kernel's `NLMSG_DONE` (or error) for this dump was read: the kernel is done too.
    ended: bool,
    pub(crate) interrupted: bool,
}

/// What the dump state machine wants next.
#[derive(Debug)]
pub(crate) enum DumpStep {
    /// Hand out the message at (pos, len) of the receive buffer.
    Deliver(usize, usize),
    /// Receive another datagram.
    NeedRecv,
    /// The dump ended successfully.
    Finished,
}

impl Socket {
    pub(crate) fn begin_request<R: AsRequest + ?Sized>(
        &mut self,
        req: &mut R,
    ) -> Result<RequestState, Error> {
        self.stash_event_remainder();
        let mode = req.answers();
        let bytes = req.request_bytes()?;
        // A transaction's members ask for an ACK themselves (a huge one may ask only for
        // errors); every other request is acknowledged message by message.
        let ack = match mode {
            Answers::Transaction => 0,
            _ => NLM_F_ACK,
        };
        let (first, count, echo) = self.stamp(bytes, ack)?;
        let pending = match mode {
            Answers::Transaction => answering_members(bytes)?,
            _ => count,
        };
        self.fit_buffers(bytes.len(), pending as usize * QUEUE_BYTES_PER_ANSWER)?;
        self.send_raw(bytes)?;
        let mut reply = Reply::default();
        if count > 1 {
            reply.answers = vec![Answer::None; count as usize];
        }
        Ok(RequestState {
            first,
            count,
            echo,
            lossy: false,
            pending,
            error: None,
            reply,
            mode,
        })
    }

    /// Feed one receive result to a request.
    pub(crate) fn request_on_recv(
        &mut self,
        st: &mut RequestState,
        r: Result<Datagram, Error>,
    ) -> Result<(), Error> {
        let dg = match r {
            Ok(dg) => dg,
            // The queue overflowed: events were lost (tell the event reader)
            // and our ACK may have been dropped as well. The kernel handles a
            // request synchronously inside our `send`, so whatever answer
            // exists is already queued: from now on read without blocking,
            // and if the queue runs dry before every ACK arrived, the answer
            // was lost and the request ends with `Overrun`.
            Err(Error::Overrun) => {
                self.overrun_pending = true;
                st.lossy = true;
                return Ok(());
            }
            Err(Error::WouldBlock) if st.lossy => return Err(Error::Overrun),
            // A transaction is answered inside our `send`: an empty queue means the kernel
            // said all it will say.
            Err(Error::WouldBlock) if st.mode == Answers::Transaction => {
                st.pending = 0;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let echo_seqs = st.echo.then_some((st.first, st.count));
        let Some(dg) = self.filter_reply(dg, echo_seqs) else {
            return Ok(());
        };
        let port = self.port_id();
        let mut pos = 0;
        while pos < dg.len {
            let buf = self.buf.get(..dg.len).unwrap_or(&[]);
            let (h, len, step) = header_at(buf, pos)?;
            let this = pos;
            pos += step;
            if h.pid != port || h.seq.wrapping_sub(st.first) >= st.count {
                self.drop_stale(&h);
                continue;
            }
            match h.kind {
                NLMSG_ERROR | NLMSG_DONE => {
                    let msg = message_in(buf, this, len);
                    let s = parse_status(&msg, h.kind == NLMSG_DONE)?;
                    let index = h.seq.wrapping_sub(st.first) as usize;
                    let last = index + 1 == st.count as usize;
                    // A transaction's begin message answers only when the whole batch failed:
                    // that answer is not one the request waits for.
                    if st.mode != Answers::Transaction || (index != 0 && !last) {
                        st.pending = st.pending.saturating_sub(1);
                    }
                    if let Some(a) = st.reply.answers.get_mut(index) {
                        *a = match &s.err {
                            Some(e) => Answer::Error(e.clone()),
                            None => Answer::Ack(s.warning.clone()),
                        };
                    }
                    if let Some(e) = s.err {
                        st.error.get_or_insert(e);
                    }
                    if s.warning.is_some() {
                        st.reply.warning = s.warning;
                    }
                }
                NLMSG_NOOP => {}
                _ => {
                    if let Some(m) = buf.get(this..this + step) {
                        st.reply.buf.extend_from_slice(m);
                    }
                }
            }
        }
        Ok(())
    }

    /// Grows the send buffer so that a request of `send_bytes` fits one datagram, and the
    /// receive queue so that `answer_bytes` of answers fit beside the default room (as far as
    /// the process may: root may pass the system limits).
    fn fit_buffers(&self, send_bytes: usize, answer_bytes: usize) -> Result<(), Error> {
        use rustix::net::sockopt;
        // The kernel doubles what is set, and refuses a datagram longer than its value less a
        // little.
        if send_bytes + 4096 > sockopt::socket_send_buffer_size(&self.fd)? {
            let want = send_bytes / 2 + 4096;
            if crate::netns::is_root() {
                sockopt::set_socket_send_buffer_size_force(&self.fd, want)?;
            } else {
                sockopt::set_socket_send_buffer_size(&self.fd, want)?;
            }
        }
        let room = answer_bytes + self.default_rcvbuf();
        if answer_bytes > 0 && room > sockopt::socket_recv_buffer_size(&self.fd)? {
            if crate::netns::is_root() {
                sockopt::set_socket_recv_buffer_size_force(&self.fd, room / 2)?;
            } else {
                sockopt::set_socket_recv_buffer_size(&self.fd, room / 2)?;
            }
        }
        Ok(())
    }

    /// Send a request (one message, or a [`crate::builder::Batch`]) with
    /// `NLM_F_ACK` added to every message, and wait for every ACK.
    ///
    /// Returns the non-ACK messages the kernel answered with (the echo when
    /// `NLM_F_ECHO` is set, or the answer to a non-dump `GET`), or the first
    /// [`KernelError`] (errno, extended-ACK text, offending attribute offset,
    /// missing attribute type). With a batch, all ACKs are still drained
    /// after an error. Multicast events arriving meanwhile are queued for
    /// [`Socket::next_event`].
    ///
    /// The kernel answers a whole batch before we read anything, so keep a
    /// batch's ACKs within the socket's receive queue (a few hundred
    /// messages with the default 1 MiB). If the receive queue overflows
    /// (`ENOBUFS`) and an ACK was dropped with it, the request returns
    /// [`Error::Overrun`] instead of waiting forever; its outcome is then
    /// unknown (re-read the state).
    pub fn request<R: AsRequest + ?Sized>(&mut self, req: &mut R) -> Result<Reply, Error> {
        let mut st = self.begin_request(req)?;
        while !st.is_complete() {
            let r = self.recv_datagram(st.poll_only());
            self.request_on_recv(&mut st, r)?;
        }
        st.finish()
    }

    pub(crate) fn begin_dump<R: AsRequest + ?Sized>(
        &mut self,
        req: &mut R,
    ) -> Result<DumpState, Error> {
        self.stash_event_remainder();
        let bytes = req.request_bytes()?;
        let (seq, _, _) = self.stamp(bytes, NLM_F_DUMP)?;
        self.send_raw(bytes)?;
        Ok(DumpState {
            seq,
            pos: 0,
            end: 0,
            done: false,
            ended: false,
            interrupted: false,
        })
    }

    /// Advance a dump over what is already in the buffer.
    pub(crate) fn dump_step(&mut self, st: &mut DumpState) -> Result<DumpStep, Error> {
        let port = self.port_id();
        loop {
            if st.done {
                return Ok(DumpStep::Finished);
            }
            if st.pos >= st.end {
                return Ok(DumpStep::NeedRecv);
            }
            let buf = self.buf.get(..st.end).unwrap_or(&[]);
            let (h, len, step) = match header_at(buf, st.pos) {
                Ok(v) => v,
                Err(e) => {
                    st.done = true;
                    return Err(e.into());
                }
            };
            let this = st.pos;
            st.pos += step;
            if h.pid != port || h.seq != st.seq {
                self.drop_stale(&h);
                continue;
            }
            if h.flags & NLM_F_DUMP_INTR != 0 {
                st.interrupted = true;
            }
            match h.kind {
                NLMSG_DONE | NLMSG_ERROR => {
                    st.done = true;
                    st.ended = true;
                    let msg = message_in(buf, this, len);
                    let s = parse_status(&msg, h.kind == NLMSG_DONE)?;
                    if let Some(e) = s.err {
                        return Err(Error::Kernel(e));
                    }
                    if st.interrupted {
                        return Err(Error::DumpInterrupted { attempts: 1 });
                    }
                    return Ok(DumpStep::Finished);
                }
                // Control messages that carry no data for the caller.
                NLMSG_NOOP | NLMSG_OVERRUN => continue,
                _ => return Ok(DumpStep::Deliver(this, len)),
            }
        }
    }

    /// Feed one receive result to a dump.
    pub(crate) fn dump_on_recv(
        &mut self,
        st: &mut DumpState,
        r: Result<Datagram, Error>,
    ) -> Result<(), Error> {
        match r {
            Ok(dg) => {
                if let Some(dg) = self.filter_reply(dg, None) {
                    st.pos = 0;
                    st.end = dg.len;
                }
                Ok(())
            }
            // Dumps are flow-controlled by the kernel, so an overrun lost
            // multicast events, not dump data: tell the event reader.
            Err(Error::Overrun) => {
                self.overrun_pending = true;
                Ok(())
            }
            Err(e) => {
                st.done = true;
                Err(e)
            }
        }
    }

    /// Start a dump (`NLM_F_DUMP` is added). Read it with [`Dump::next`]:
    ///
    /// ```no_run
    /// # use netlink_runtime::{socket::{Socket, Protocol}, builder::MessageBuilder};
    /// # use netlink_runtime::schemas::rtnetlink::{ifinfomsg, RTM_GETLINK};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut sock = Socket::open(Protocol::ROUTE)?;
    /// let mut req = MessageBuilder::new(RTM_GETLINK, 0);
    /// req.push_header(&ifinfomsg::default());
    /// let mut dump = sock.dump(&mut req)?;
    /// while let Some(msg) = dump.next()? {
    ///     println!("{} bytes", msg.payload().len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn dump<R: AsRequest + ?Sized>(&mut self, req: &mut R) -> Result<Dump<'_>, Error> {
        self.drain_abandoned()?;
        let st = self.begin_dump(req)?;
        Ok(Dump { sock: self, st })
    }

    /// Reads the rest of an abandoned dump (if any) so that a new one can start.
    pub(crate) fn drain_abandoned(&mut self) -> Result<(), Error> {
        while self.abandoned_dump.is_some() {
            let r = self.recv_datagram(false);
            self.drain_on_recv(r)?;
        }
        Ok(())
    }

    /// The reader of a dump went away (or stopped on an error) before the dump's end. If the
    /// kernel's end of it is already in the receive buffer, the kernel is done and nothing is
    /// left to drain; otherwise the socket remembers the dump so that its rest is drained by
    /// sequence number before the next dump starts (the kernel runs one dump per socket).
    /// The dump's messages still unread in the buffer are counted as stale.
    pub(crate) fn abandon_dump(&mut self, st: &mut DumpState) {
        if st.ended {
            return;
        }
        st.done = true;
        let port = self.port_id();
        while st.pos < st.end {
            let buf = self.buf.get(..st.end).unwrap_or(&[]);
            let Ok((h, _, step)) = header_at(buf, st.pos) else {
                // Unparseable: whatever follows is lost; the drain reads on to the end.
                break;
            };
            st.pos += step;
            self.stale_dropped += 1;
            if h.pid == port && h.seq == st.seq && matches!(h.kind, NLMSG_DONE | NLMSG_ERROR) {
                st.ended = true;
                return;
            }
        }
        self.abandoned_dump = Some(st.seq);
    }

    /// Feed one receive result to the drain of an abandoned dump (no request is in flight, so
    /// every reply is stale; events are queued as usual).
    pub(crate) fn drain_on_recv(&mut self, r: Result<Datagram, Error>) -> Result<(), Error> {
        match r {
            Ok(dg) => {
                if let Some(dg) = self.filter_reply(dg, None) {
                    self.drop_stale_datagram(dg.len);
                }
                Ok(())
            }
            Err(Error::Overrun) => {
                self.overrun_pending = true;
                Ok(())
            }
            Err(e) => {
                // The socket cannot be read: give up on the old dump rather than loop.
                self.abandoned_dump = None;
                Err(e)
            }
        }
    }

    /// Run a dump, calling `f` for each message (borrowed from the receive
    /// buffer). An `Err` from `f` stops early and is returned.
    pub fn dump_each<R, E, F>(&mut self, req: &mut R, mut f: F) -> Result<(), E>
    where
        R: AsRequest + ?Sized,
        E: From<Error>,
        F: FnMut(Message<'_>) -> Result<(), E>,
    {
        let mut d = self.dump(req)?;
        while let Some(m) = d.next()? {
            f(m)?;
        }
        Ok(())
    }

    /// Run a dump, retrying up to `max_attempts` times in all while the
    /// kernel reports `NLM_F_DUMP_INTR`. `restart(n)` is called before retry
    /// `n` (2, 3, ...) so the caller can discard what the interrupted attempt
    /// delivered. After the last attempt the error is
    /// [`Error::DumpInterrupted`] with the attempt count; the data of that
    /// attempt has been delivered.
    pub fn dump_retry<R, E, F, S>(
        &mut self,
        req: &mut R,
        max_attempts: u32,
        mut restart: S,
        mut f: F,
    ) -> Result<(), E>
    where
        R: AsRequest + ?Sized,
        E: From<Error>,
        F: FnMut(Message<'_>) -> Result<(), E>,
        S: FnMut(u32),
    {
        let max_attempts = max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let mut interrupted = false;
            let mut d = self.dump(req)?;
            loop {
                match d.next() {
                    Ok(Some(m)) => f(m)?,
                    Ok(None) => break,
                    Err(Error::DumpInterrupted { .. }) => {
                        interrupted = true;
                        break;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            if !interrupted {
                return Ok(());
            }
            if attempt >= max_attempts {
                return Err(Error::DumpInterrupted { attempts: attempt }.into());
            }
            attempt += 1;
            restart(attempt);
        }
    }
}

/// A dump in progress: a lending iterator over messages borrowed from the
/// socket's one receive buffer (no per-message allocation).
///
/// After the last message, `next` returns `Ok(None)`, or
/// `Err(Error::DumpInterrupted)` if any message carried `NLM_F_DUMP_INTR`
/// (all data has been delivered by then), or the kernel's error from
/// `NLMSG_DONE`/`NLMSG_ERROR`. Dropping a `Dump` early is fine: the rest of
/// its replies are recognised by sequence number and discarded later.
#[derive(Debug)]
pub struct Dump<'s> {
    sock: &'s mut Socket,
    st: DumpState,
}

impl Drop for Dump<'_> {
    fn drop(&mut self) {
        self.sock.abandon_dump(&mut self.st);
    }
}

impl Dump<'_> {
    /// The next message of the dump, borrowed until the next call.
    #[allow(clippy::should_implement_trait)] // lending: cannot be Iterator
    pub fn next(&mut self) -> Result<Option<Message<'_>>, Error> {
        loop {
            match self.sock.dump_step(&mut self.st)? {
                DumpStep::Deliver(pos, len) => return Ok(Some(self.sock.message_at(pos, len))),
                DumpStep::Finished => return Ok(None),
                DumpStep::NeedRecv => {
                    let r = self.sock.recv_datagram(false);
                    self.sock.dump_on_recv(&mut self.st, r)?;
                }
            }
        }
    }

    /// Whether a message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.st.interrupted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::MsgHeader;
    use crate::socket::Protocol;

    fn msg(kind: u16, flags: u16, seq: u32, pid: u32, payload: &[u8]) -> Vec<u8> {
        let mut v = MsgHeader {
            len: (16 + payload.len()) as u32,
            kind,
            flags,
            seq,
            pid,
        }
        .to_bytes()
        .to_vec();
        v.extend_from_slice(payload);
        while v.len() & 3 != 0 {
            v.push(0);
        }
        v
    }

    fn feed(sock: &mut Socket, st: &mut DumpState, datagram: &[u8]) {
        sock.buf[..datagram.len()].copy_from_slice(datagram);
        st.pos = 0;
        st.end = datagram.len();
    }

    fn state(seq: u32) -> DumpState {
        DumpState {
            seq,
            pos: 0,
            end: 0,
            done: false,
            ended: false,
            interrupted: false,
        }
    }

    #[test]
    fn done_carries_errno_and_extack_without_echoed_header() {
        let Ok(mut sock) = Socket::open(Protocol::ROUTE) else {
            eprintln!("SKIPPED: cannot open a netlink socket here");
            return;
        };
        let port = sock.port_id();
        let mut st = state(5);
        let mut dg = msg(NLMSG_MIN_TYPE, NLM_F_MULTI, 5, port, &[0u8; 16]);
        // A late message of an earlier dump: skipped and counted.
        dg.extend(msg(NLMSG_MIN_TYPE, NLM_F_MULTI, 4, port, &[0u8; 16]));
        let mut done_payload = (-libc::EMSGSIZE).to_ne_bytes().to_vec();
        let text = b"dump too big\0";
        done_payload.extend_from_slice(&((4 + text.len()) as u16).to_ne_bytes());
        done_payload.extend_from_slice(&NLMSGERR_ATTR_MSG.to_ne_bytes());
        done_payload.extend_from_slice(text);
        dg.extend(msg(
            NLMSG_DONE,
            NLM_F_MULTI | NLM_F_ACK_TLVS,
            5,
            port,
            &done_payload,
        ));
        feed(&mut sock, &mut st, &dg);
        assert!(matches!(
            sock.dump_step(&mut st).unwrap(),
            DumpStep::Deliver(0, 32)
        ));
        match sock.dump_step(&mut st) {
            Err(Error::Kernel(k)) => {
                assert_eq!(k.errno, libc::EMSGSIZE);
                assert_eq!(k.message.as_deref(), Some("dump too big"));
                assert_eq!(k.request, None);
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
        assert_eq!(sock.stale_dropped(), 1);
        assert!(matches!(
            sock.dump_step(&mut st).unwrap(),
            DumpStep::Finished
        ));
    }

    #[test]
    fn dump_intr_is_reported_after_the_data() {
        let Ok(mut sock) = Socket::open(Protocol::ROUTE) else {
            eprintln!("SKIPPED: cannot open a netlink socket here");
            return;
        };
        let port = sock.port_id();
        let mut st = state(9);
        let mut dg = msg(
            NLMSG_MIN_TYPE + 8,
            NLM_F_MULTI | NLM_F_DUMP_INTR,
            9,
            port,
            &[1; 12],
        );
        dg.extend(msg(NLMSG_MIN_TYPE + 8, NLM_F_MULTI, 9, port, &[2; 12]));
        dg.extend(msg(NLMSG_DONE, NLM_F_MULTI, 9, port, &0i32.to_ne_bytes()));
        feed(&mut sock, &mut st, &dg);
        let mut delivered = 0;
        loop {
            match sock.dump_step(&mut st) {
                Ok(DumpStep::Deliver(..)) => delivered += 1,
                Err(Error::DumpInterrupted { attempts: 1 }) => break,
                other => panic!("{:?}", other.map(|_| ())),
            }
        }
        assert_eq!(delivered, 2);
        assert!(st.interrupted);
    }

    #[test]
    fn error_in_middle_of_dump_and_malformed_lengths() {
        let Ok(mut sock) = Socket::open(Protocol::ROUTE) else {
            eprintln!("SKIPPED: cannot open a netlink socket here");
            return;
        };
        let port = sock.port_id();
        let mut st = state(3);
        let mut err = (-libc::EBUSY).to_ne_bytes().to_vec();
        err.extend(MsgHeader::default().to_bytes());
        let mut dg = msg(NLMSG_MIN_TYPE, NLM_F_MULTI, 3, port, &[0; 16]);
        dg.extend(msg(NLMSG_ERROR, NLM_F_CAPPED, 3, port, &err));
        feed(&mut sock, &mut st, &dg);
        assert!(matches!(
            sock.dump_step(&mut st).unwrap(),
            DumpStep::Deliver(..)
        ));
        assert_eq!(
            sock.dump_step(&mut st).unwrap_err().errno(),
            Some(libc::EBUSY)
        );

        let mut st = state(4);
        let mut bad = msg(NLMSG_MIN_TYPE, NLM_F_MULTI, 4, port, &[0; 16]);
        bad[0..4].copy_from_slice(&500u32.to_ne_bytes());
        feed(&mut sock, &mut st, &bad);
        let e = sock.dump_step(&mut st).unwrap_err();
        assert!(e.to_string().contains("offset 0"), "{e}");
    }
}
