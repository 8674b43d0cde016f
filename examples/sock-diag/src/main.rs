//! `sock-diag [tcp|udp]`: the sockets of this network namespace, one per line as `ss -Htan`
//! (or `ss -Huan`) prints them, read through this crate's own schema.

use std::process::ExitCode;

use netlink_runtime::{Protocol, Socket};
use sock_diag_example::{sd, sockets, ss_line};

fn main() -> ExitCode {
    let proto = match std::env::args().nth(1).as_deref() {
        None | Some("tcp") => sd::IPPROTO_TCP,
        Some("udp") => sd::IPPROTO_UDP,
        Some(other) => {
            eprintln!("sock-diag: unknown protocol `{other}`; usage: sock-diag [tcp|udp]");
            return ExitCode::from(2);
        }
    };
    let mut sock = match Socket::open(Protocol::SOCK_DIAG) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sock-diag: cannot open a NETLINK_SOCK_DIAG socket: {e}");
            return ExitCode::FAILURE;
        }
    };
    for family in [sd::AF_INET, sd::AF_INET6] {
        match sockets(&mut sock, family, proto) {
            Ok(rows) => rows.iter().for_each(|r| println!("{}", ss_line(r))),
            Err(e) => {
                eprintln!("sock-diag: dump failed: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
