#!/bin/bash
# Records the RTM_NEWLINK request `ip` (iproute2) sends for link kinds this machine's kernel
# lacks: in a private network namespace (a veth v0/v1 as the parent, index 2), strace the
# command and keep the request bytes as NAME.hex (the command line as a comment). The kernel
# refuses the request, but the bytes are what `ip` sends: netlink-runtime/tests/rtnl_kinds.rs
# checks that LinkSpec builds the same attributes and that the parser reads them back.
# Needs root and strace. Run from this directory: bash record.sh
set -eu
cd "$(dirname "$0")"
record() {
    local name=$1
    shift
    unshare -n bash -c '
        ip link add v0 type veth peer name v1
        strace -e trace=sendmsg -e write=all -o trace.txt ip "$@" 2>/dev/null || true
    ' record "$@"
    {
        echo "# ip $*"
        echo "# iproute2 $(ip -V | sed -e "s/.*iproute2-//" -e "s/,.*//"), recorded by record.sh"
        # The hex dump of the sendmsg that carries RTM_NEWLINK.
        awk '/^sendmsg/ { keep = ($0 ~ /nlmsg_type=RTM_NEWLINK/) }
            keep && /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f] / { print substr($0, 11, 49) }' trace.txt
    } > "$name.hex"
    rm -f trace.txt
}
record vrf link add vrf0 type vrf table 10
record bond link add bond0 type bond mode 802.3ad miimon 100 lacp_rate fast min_links 2
record bond_slave link set v0 type bond_slave queue_id 2
record ipvlan link add ipv0 link v0 type ipvlan mode l3 private
record ipvtap link add ipt0 link v0 type ipvtap mode l2 vepa
record gre link add gre1 type gre local 192.0.2.1 remote 192.0.2.2 ttl 64 key 42
record gretap link add gt1 type gretap local 192.0.2.1 remote 192.0.2.2 ikey 1 okey 2
record ip6gre link add g6 type ip6gre local 2001:db8::1 remote 2001:db8::2 hoplimit 64
record ipip link add ipip1 type ipip local 192.0.2.1 remote 192.0.2.3 ttl 32
record sit link add sit1 type sit local 192.0.2.1 remote 192.0.2.4 ttl 64
record ip6tnl link add t6 type ip6tnl local 2001:db8::1 remote 2001:db8::3 mode ip6ip6 hoplimit 32
record geneve link add gnv0 type geneve id 100 remote 192.0.2.9 dstport 6081 ttl 10
record wireguard link add wg0 type wireguard
record dummy link add d0 type dummy
record vlan link add link v0 name v0.10 type vlan id 10 protocol 802.1ad egress-qos-map 1:2 ingress-qos-map 3:4
