#!/usr/bin/env bash
# Dump benchmarks against the running kernel (root: each run builds and deletes its own private
# network namespace, nlbench-<pid>; the host's routes are never touched and no packet is sent).
#
#   bash scripts/bench.sh            # 100k routes/IPv6 routes/neighbours + 10k veth pairs +
#                                    # 20k concurrent small requests, then 1M routes, then the
#                                    # parse-only criterion bench
#   QUICK=1 bash scripts/bench.sh    # the 100k part only
#   ROUNDS=9 LINKS=2000 bash scripts/bench.sh
#
# Results: $OUT/results.md (default target/nlbench/results.md); see BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=${OUT:-$CARGO_TARGET_DIR/nlbench}
ROUNDS=${ROUNDS:-5}
LINKS=${LINKS:-10000}
mkdir -p "$OUT"

if [ "$(id -u)" != 0 ]; then
    echo "scripts/bench.sh: needs root (private network namespaces)" >&2
    exit 1
fi

cargo build --release -p netlink-bench --bins --benches
NL=$CARGO_TARGET_DIR/release/nlbench
ipdump=()
if cargo build --release -p ipdump --bin ipdump; then
    ipdump=(--ipdump "$CARGO_TARGET_DIR/release/ipdump")
else
    echo "scripts/bench.sh: ipdump did not build; its cases are left out" >&2
fi

md=$OUT/results.md
{
    echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "- kernel: $(uname -r); $(rustc --version); $(ip -V)"
} >"$md"

start=$SECONDS
"$NL" run --routes 100000 --routes6 100000 --neigh 100000 --links "$LINKS" \
    --requests "${REQUESTS:-20000}" --rounds "$ROUNDS" "${ipdump[@]}" --markdown "$md"
if [ -z "${QUICK:-}" ]; then
    "$NL" run --routes 1000000 --rounds "$ROUNDS" "${ipdump[@]}" \
        --record "$OUT/routes-1m.dump" --markdown "$md"
    NLBENCH_DUMP=$OUT/routes-1m.dump cargo bench -p netlink-bench --bench parse \
        2>&1 | tee "$OUT/parse.txt"
    sed -n '/^| parser/,/^$/p' "$OUT/parse.txt" >>"$md"
fi
echo "scripts/bench.sh: done in $((SECONDS - start)) s; tables in $md"
