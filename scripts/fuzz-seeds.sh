#!/usr/bin/env bash
# Makes the seed corpora of the fuzz targets from real captures: strace logs of `ip`, `tc`,
# `genl`, `ethtool`, `nft`, `conntrack` and `ipset` in a private network namespace
# (nlfuzz-seeds-<pid>, deleted at the end; the host's links, routes and firewall are never
# touched, nothing is sent), turned into seeds by netlink-fuzz's fuzz-seeds. The C front-end,
# schema, update and YNL corpora are written by hand (fuzz/corpus/{c_frontend,schema,update,ynl}/).
# Needs root.
#
#   bash scripts/fuzz-seeds.sh            # adds to fuzz/corpus/
#   bash scripts/fuzz-seeds.sh DIR        # writes to DIR/TARGET/ instead (to pick from)
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
# Routes with a TOS and with each encapsulation the kernel has (ip, ip6, seg6, seg6local).
in_ns ip route add 10.10.0.0/16 tos 0x10 encap ip id 7 dst 192.0.2.8 ttl 3 key dev v0
in_ns ip route add 10.11.0.0/16 encap ip6 id 2 dst 2001:db8::7 hoplimit 9 dev v0
in_ns ip route add 10.12.0.0/16 encap seg6 mode encap segs 2001:db8::a,2001:db8::b dev v0
in_ns ip -6 route add 2001:db8:a1::/48 encap seg6local action End.X nh6 2001:db8::5 dev v0
in_ns ip -6 route add 2001:db8:a2::/48 encap seg6local action End.B6 srh segs 2001:db8::1 dev v0
in_ns ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent
in_ns ip rule add from 192.0.2.0/24 table 100 priority 1000
in_ns ip nexthop add id 1 via 192.0.2.5 dev v0
in_ns ip nexthop add id 2 group 1
in_ns ip mptcp endpoint add 192.0.2.1 id 1 signal || true
in_ns ip mptcp limits set subflow 2 add_addr_accepted 2 || true
# Traffic control: a classful qdisc with a class, a u32 filter with a mirred action, ingress.
in_ns tc qdisc add dev v0 root handle 1: htb default 10
in_ns tc class add dev v0 parent 1: classid 1:10 htb rate 10mbit ceil 20mbit
in_ns tc qdisc add dev v0 parent 1:10 handle 10: pfifo limit 100
in_ns tc filter add dev v0 parent 1: protocol ip prio 1 u32 match ip dst 192.0.2.9/32 flowid 1:10
in_ns tc qdisc add dev v1 clsact
in_ns tc filter add dev v1 ingress protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev v0
in_ns tc qdisc add dev br0 root tbf rate 1mbit burst 32kbit latency 400ms
# Netfilter: an nf_tables ruleset (base chain, rules with several expressions, a set with
# elements, a map, a counter object), conntrack entries made directly (no packets), ipsets.
in_ns nft -f - <<'NFT'
table inet fz {
    counter c1 { packets 1 bytes 100 }
    set s4 { type ipv4_addr; flags interval; elements = { 192.0.2.0/24, 198.51.100.7 } }
    map m1 { type inet_service : verdict; elements = { 22 : accept, 80 : drop } }
    chain input {
        type filter hook input priority 0; policy accept;
        ip saddr @s4 counter accept
        tcp dport vmap @m1
        ct state established,related accept
        meta l4proto icmp limit rate 10/second accept
        ip daddr 203.0.113.1 tcp dport 443 log prefix "fz " reject with tcp reset
        udp dport 53 counter name c1
    }
    chain post { type nat hook postrouting priority 100; oif "v0" masquerade; }
}
NFT
in_ns conntrack -I -p tcp -s 192.0.2.1 -d 192.0.2.2 --sport 1000 --dport 80 --state ESTABLISHED -t 100 -u ASSURED >/dev/null 2>&1 || true
in_ns conntrack -I -p udp -s 2001:db8::1 -d 2001:db8::2 --sport 53 --dport 53 -t 30 -m 7 >/dev/null 2>&1 || true
in_ns ipset create fz4 hash:net counters comment
in_ns ipset add fz4 192.0.2.0/24 packets 3 bytes 300 comment "a net"
in_ns ipset create fzp hash:ip,port timeout 100
in_ns ipset add fzp 192.0.2.1,tcp:80
in_ns ipset create fzb bitmap:port range 1000-2000
in_ns ipset add fzb 1500

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
trace tc_qdisc tc -s qdisc show
trace tc_class tc -s class show dev v0
trace tc_filter tc filter show dev v0
trace tc_filter_ingress tc filter show dev v1 ingress
trace tc_actions tc actions list action mirred
trace tc_add tc qdisc add dev v1 root handle 2: bfifo limit 10000
trace nft_list nft list ruleset
trace nft_json nft -j list ruleset
trace nft_add nft add rule inet fz input ip saddr 198.51.100.0/24 counter drop
trace conntrack_list conntrack -L
trace conntrack_stats conntrack -S
trace conntrack_count conntrack -C
trace conntrack_get conntrack -G -p tcp -s 192.0.2.1 -d 192.0.2.2 --sport 1000 --dport 80
trace ipset_list ipset list
trace ipset_add ipset add fz4 198.51.100.0/25
trace ipset_test ipset test fzp 192.0.2.1,tcp:80

cargo run -q -p netlink-fuzz --bin fuzz-seeds -- "${1:-fuzz/corpus}" "$logs"/*.strace
