//! Names the schemas do not carry: address families, errno values and the `nlmsg_flags` bits,
//! all fixed kernel ABI; netlink protocols come from `netlink_schema::protocols`.

pub use netlink_schema::protocols::{parse_protocol, protocol_name, GENERIC};

/// Decimal or `0x` hexadecimal.
pub fn parse_int(t: &str) -> Option<i64> {
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else {
        t.parse().ok()
    }
}

/// Address families seen in the fixed headers of rtnetlink messages (`*_family` fields).
pub fn address_family(v: u64) -> Option<&'static str> {
    Some(match v {
        0 => "AF_UNSPEC",
        1 => "AF_UNIX",
        2 => "AF_INET",
        4 => "AF_IPX",
        5 => "AF_APPLETALK",
        7 => "AF_BRIDGE",
        10 => "AF_INET6",
        16 => "AF_NETLINK",
        17 => "AF_PACKET",
        28 => "AF_MPLS",
        _ => return None,
    })
}

/// The name of a (positive) errno value, as in `asm-generic/errno*.h`.
pub fn errno_name(e: i64) -> Option<&'static str> {
    const NAMES: &[&str] = &[
        "",
        "EPERM",
        "ENOENT",
        "ESRCH",
        "EINTR",
        "EIO",
        "ENXIO",
        "E2BIG",
        "ENOEXEC",
        "EBADF",
        "ECHILD",
        "EAGAIN",
        "ENOMEM",
        "EACCES",
        "EFAULT",
        "ENOTBLK",
        "EBUSY",
        "EEXIST",
        "EXDEV",
        "ENODEV",
        "ENOTDIR",
        "EISDIR",
        "EINVAL",
        "ENFILE",
        "EMFILE",
        "ENOTTY",
        "ETXTBSY",
        "EFBIG",
        "ENOSPC",
        "ESPIPE",
        "EROFS",
        "EMLINK",
        "EPIPE",
        "EDOM",
        "ERANGE",
        "EDEADLK",
        "ENAMETOOLONG",
        "ENOLCK",
        "ENOSYS",
        "ENOTEMPTY",
        "ELOOP",
        "",
        "ENOMSG",
        "EIDRM",
        "ECHRNG",
        "EL2NSYNC",
        "EL3HLT",
        "EL3RST",
        "ELNRNG",
        "EUNATCH",
        "ENOCSI",
        "EL2HLT",
        "EBADE",
        "EBADR",
        "EXFULL",
        "ENOANO",
        "EBADRQC",
        "EBADSLT",
        "",
        "EBFONT",
        "ENOSTR",
        "ENODATA",
        "ETIME",
        "ENOSR",
        "ENONET",
        "ENOPKG",
        "EREMOTE",
        "ENOLINK",
        "EADV",
        "ESRMNT",
        "ECOMM",
        "EPROTO",
        "EMULTIHOP",
        "EDOTDOT",
        "EBADMSG",
        "EOVERFLOW",
        "ENOTUNIQ",
        "EBADFD",
        "EREMCHG",
        "ELIBACC",
        "ELIBBAD",
        "ELIBSCN",
        "ELIBMAX",
        "ELIBEXEC",
        "EILSEQ",
        "ERESTART",
        "ESTRPIPE",
        "EUSERS",
        "ENOTSOCK",
        "EDESTADDRREQ",
        "EMSGSIZE",
        "EPROTOTYPE",
        "ENOPROTOOPT",
        "EPROTONOSUPPORT",
        "ESOCKTNOSUPPORT",
        "EOPNOTSUPP",
        "EPFNOSUPPORT",
        "EAFNOSUPPORT",
        "EADDRINUSE",
        "EADDRNOTAVAIL",
        "ENETDOWN",
        "ENETUNREACH",
        "ENETRESET",
        "ECONNABORTED",
        "ECONNRESET",
        "ENOBUFS",
        "EISCONN",
        "ENOTCONN",
        "ESHUTDOWN",
        "ETOOMANYREFS",
        "ETIMEDOUT",
        "ECONNREFUSED",
        "EHOSTDOWN",
        "EHOSTUNREACH",
        "EALREADY",
        "EINPROGRESS",
        "ESTALE",
        "EUCLEAN",
        "ENOTNAM",
        "ENAVAIL",
        "EISNAM",
        "EREMOTEIO",
        "EDQUOT",
        "ENOMEDIUM",
        "EMEDIUMTYPE",
        "ECANCELED",
        "ENOKEY",
        "EKEYEXPIRED",
        "EKEYREVOKED",
        "EKEYREJECTED",
        "EOWNERDEAD",
        "ENOTRECOVERABLE",
        "ERFKILL",
        "EHWPOISON",
    ];
    match e {
        512 => Some("ERESTARTSYS"),
        524 => Some("ENOTSUPP"),
        _ => usize::try_from(e)
            .ok()
            .and_then(|i| NAMES.get(i))
            .copied()
            .filter(|n| !n.is_empty()),
    }
}

/// What kind of request a message is, which decides the meaning of the upper flag bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RequestKind {
    /// `GET` requests: `NLM_F_ROOT`, `NLM_F_MATCH`, `NLM_F_ATOMIC`.
    Get,
    /// `NEW`/`SET` requests: `NLM_F_REPLACE`, `NLM_F_EXCL`, `NLM_F_CREATE`, `NLM_F_APPEND`.
    New,
    /// `DEL` requests: `NLM_F_NONREC`, `NLM_F_BULK`.
    Del,
    /// `NLMSG_ERROR` acknowledgements: `NLM_F_CAPPED`, `NLM_F_ACK_TLVS`.
    Ack,
    /// Anything else: upper bits shown as hex.
    #[default]
    Other,
}

impl RequestKind {
    /// Guesses the kind from a message type or command name (`RTM_GETLINK`, `CTRL_CMD_GETFAMILY`).
    pub fn from_name(name: &str) -> RequestKind {
        for word in name.split('_').skip(1) {
            let starts = |p: &[&str]| p.iter().any(|p| word.starts_with(p));
            if starts(&["GET", "DUMP"]) {
                return RequestKind::Get;
            }
            if starts(&["NEW", "SET", "ADD", "CREATE"]) {
                return RequestKind::New;
            }
            if starts(&["DEL", "REMOVE", "DESTROY", "FLUSH"]) {
                return RequestKind::Del;
            }
        }
        RequestKind::Other
    }
}

/// Names the bits of `nlmsg_flags`; bits without a name are added as one hex number.
pub fn nlmsg_flags(flags: u16, kind: RequestKind) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = flags;
    let mut take = |bit: u16, name: &str, out: &mut Vec<String>| {
        if rest & bit == bit && bit != 0 {
            out.push(name.to_owned());
            rest &= !bit;
        }
    };
    take(0x01, "NLM_F_REQUEST", &mut out);
    take(0x02, "NLM_F_MULTI", &mut out);
    take(0x04, "NLM_F_ACK", &mut out);
    take(0x08, "NLM_F_ECHO", &mut out);
    take(0x10, "NLM_F_DUMP_INTR", &mut out);
    take(0x20, "NLM_F_DUMP_FILTERED", &mut out);
    match kind {
        RequestKind::Get => {
            take(0x300, "NLM_F_DUMP", &mut out);
            take(0x100, "NLM_F_ROOT", &mut out);
            take(0x200, "NLM_F_MATCH", &mut out);
            take(0x400, "NLM_F_ATOMIC", &mut out);
        }
        RequestKind::New => {
            take(0x100, "NLM_F_REPLACE", &mut out);
            take(0x200, "NLM_F_EXCL", &mut out);
            take(0x400, "NLM_F_CREATE", &mut out);
            take(0x800, "NLM_F_APPEND", &mut out);
        }
        RequestKind::Del => {
            take(0x100, "NLM_F_NONREC", &mut out);
            take(0x200, "NLM_F_BULK", &mut out);
        }
        RequestKind::Ack => {
            take(0x100, "NLM_F_CAPPED", &mut out);
            take(0x200, "NLM_F_ACK_TLVS", &mut out);
        }
        RequestKind::Other => {}
    }
    if rest != 0 {
        out.push(format!("{rest:#x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(parse_protocol("NETLINK_ROUTE"), Some(0));
        assert_eq!(parse_protocol("generic"), Some(16));
        assert_eq!(parse_protocol("16"), Some(16));
        assert_eq!(parse_protocol("bogus"), None);
        assert_eq!(errno_name(19), Some("ENODEV"));
        assert_eq!(errno_name(95), Some("EOPNOTSUPP"));
        assert_eq!(
            nlmsg_flags(0x605, RequestKind::New),
            ["NLM_F_REQUEST", "NLM_F_ACK", "NLM_F_EXCL", "NLM_F_CREATE"]
        );
        assert_eq!(
            nlmsg_flags(0x301, RequestKind::from_name("RTM_GETLINK")),
            ["NLM_F_REQUEST", "NLM_F_DUMP"]
        );
        assert_eq!(
            RequestKind::from_name("CTRL_CMD_GETFAMILY"),
            RequestKind::Get
        );
    }
}
