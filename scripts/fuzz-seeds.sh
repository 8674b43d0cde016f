#!/usr/bin/env bash
# Makes the seed corpora of the fuzz targets from real captures: strace logs of `ip`, `genl`
# and `ethtool` in a private network namespace (nlfuzz-seeds-<pid>, deleted at the end; the
# host's links and routes are never touched, nothing is sent), turned into seeds by
# netlink-fuzz's fuzz-seeds. The C front-end, schema and update corpora are written by hand
# (fuzz/corpus/{c_frontend,schema,update}/). Needs root.
#
#   bash scripts/fuzz-seeds.sh            # adds to fuzz/corpus/
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "scripts/fuzz-seeds.sh: needs root (network namespace)" >&2; exit 1; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
ns=nlfuzz-seeds-$$
logs=$(mktemp -d)
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$logs"; }
trap cleanup EXIT

ip netns add "$ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip link add v0 type veth peer name v1
in_ns ip link add br0 type bridge
in_ns ip link set v1 master br0
in_ns ip link set v0 up
in_ns ip link set v1 up
in_ns ip link set br0 up
in_ns ip addr add 192.0.2.1/24 dev v0
in_ns ip addr add 2001:db8::1/64 dev v0 nodad
in_ns ip route add 198.51.100.0/24 via 192.0.2.2 dev v0 metric 10 mtu 1400
in_ns ip route add 203.0.113.0/24 nexthop via 192.0.2.3 dev v0 nexthop via 192.0.2.4 dev v0
in_ns ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent
in_ns ip rule add from 192.0.2.0/24 table 100 priority 1000
in_ns ip nexthop add id 1 via 192.0.2.5 dev v0
in_ns ip nexthop add id 2 group 1
in_ns ip mptcp endpoint add 192.0.2.1 id 1 signal || true
in_ns ip mptcp limits set subflow 2 add_addr_accepted 2 || true

trace() {
    local name=$1; shift
    in_ns strace -f -e trace=network -e read=all -e write=all \
        -o "$logs/$name.strace" "$@" >/dev/null 2>&1 || true
}
trace link ip link show
trace addr ip addr show
trace route ip route show
trace route6 ip -6 route show
trace neigh ip neigh show
trace rule ip rule show
trace nexthop ip nexthop show
trace add ip addr add 192.0.2.77/32 dev v0
trace genl genl ctrl list
trace ethtool ethtool v0
trace features ethtool -k v0
trace rings ethtool -g v0
trace channels ethtool -l v0
trace mptcp ip mptcp endpoint show
trace limits ip mptcp limits show
trace tcp_metrics ip tcp_metrics show

cargo run -q -p netlink-fuzz --bin fuzz-seeds -- fuzz/corpus "$logs"/*.strace
