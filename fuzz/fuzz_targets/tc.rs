#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| netlink_fuzz::tc(data));
