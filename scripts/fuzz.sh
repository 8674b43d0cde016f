#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for N seconds each, one at a time.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     # default 60 s, every target
#   SMOKE=1 bash scripts/fuzz.sh 5                 # CI's smoke run: skipped, loudly, where
#                                                  # cargo-fuzz cannot be installed or built
#   SANITIZER=none bash scripts/fuzz.sh 60         # without AddressSanitizer
#
# The machine has one stable toolchain and no nightly: libFuzzer's instrumentation needs
# unstable rustc flags, which RUSTC_BOOTSTRAP=1 allows on stable (cargo-fuzz's usual nightly is
# not needed). cargo-fuzz itself comes from crates.io (scripts/setup.sh with NETLINK_FUZZ=1
# installs it, 1.5 min).
#
# The committed seeds (fuzz/corpus/TARGET/) are read, never written: what the fuzzer adds goes
# to $WORK/corpus/TARGET (default target/fuzz-work). A crash stops the run with the input in
# fuzz/artifacts/TARGET/ and a non-zero exit; fix it and add the input to the corpus.
# Per input: at most 10 s and 2 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
all=(messages attrs rtnl families netfilter tc ipdump_json decode_tree decode_strace decode_hex decode_pcap c_frontend schema update ynl)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$PWD/target/fuzz}
work=${WORK:-$PWD/target/fuzz-work}

if ! NETLINK_FUZZ=1 bash scripts/setup.sh || ! cargo fuzz --version >/dev/null 2>&1; then
    if [[ -n ${SMOKE:-} ]]; then
        echo "SKIPPED: fuzz smoke run (cargo-fuzz could not be installed)" >&2
        exit 0
    fi
    echo "scripts/fuzz.sh: cargo-fuzz could not be installed" >&2
    exit 1
fi
export RUSTC_BOOTSTRAP=1
# Optimized, with AddressSanitizer for real runs; the smoke run leaves the sanitizer out
# (quicker to build and run; the code fuzzed has no unsafe blocks). SANITIZER=none (or
# another cargo-fuzz sanitizer) chooses.
[[ -z ${SMOKE:-} ]] || SANITIZER=${SANITIZER:-none}
profile=(-O)
[[ -z ${SANITIZER:-} ]] || profile+=(-s "$SANITIZER")
mkdir -p "$work"
# One run per WORK directory: a second would write the same TARGET.log and report the first
# run's results as its own.
exec 9>"$work/lock"
if ! flock -n 9; then
    echo "scripts/fuzz.sh: another run is using $work (set WORK to run beside it)" >&2
    exit 1
fi
if ! cargo fuzz build "${profile[@]}" >"$work/build.log" 2>&1; then
    if [[ -n ${SMOKE:-} ]]; then
        echo "SKIPPED: fuzz smoke run (cargo fuzz build fails on this toolchain; $work/build.log):" >&2
        tail -5 "$work/build.log" >&2
        exit 0
    fi
    cat "$work/build.log" >&2
    exit 1
fi
summary=()
for t in "${targets[@]}"; do
    mkdir -p "$work/corpus/$t"
    log="$work/$t.log"
    echo "== $t: ${seconds}s"
    cargo fuzz run "${profile[@]}" "$t" "$work/corpus/$t" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1 || { tail -40 "$log"; echo "scripts/fuzz.sh: $t failed; log $log" >&2; exit 1; }
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    summary+=("$t: $execs runs, coverage $cov edges, $(find "$work/corpus/$t" -type f | wc -l) inputs in the working corpus")
    echo "   ${summary[-1]}"
done
echo "scripts/fuzz.sh: all ${#targets[@]} targets ran ${seconds}s each without a crash"
printf '  %s\n' "${summary[@]}"
