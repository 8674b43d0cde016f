#!/usr/bin/env bash
# netlink-runtime builds with each feature alone and with none (a user who needs only the socket
# compiles only that). `cargo clippy --all-features` covers everything together.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo check -q -p netlink-runtime --no-default-features
for f in rtnl nlctrl ethtool netdev tcp_metrics mptcp tokio serde "rtnl,tokio" "rtnl,serde" "families,serde" nfnetlink conntrack nftables ipset "netfilter,tokio" "netfilter,serde"; do
  cargo check -q -p netlink-runtime --no-default-features --features "$f"
done
echo "check-features: netlink-runtime builds with no features and with each one"
