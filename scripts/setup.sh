#!/usr/bin/env bash
# Installs what building and testing the project needs on a fresh Debian machine:
# a C compiler (the header tests compare with it), iproute2 (tests compare with `ip -j`),
# and the tools later tests drive (ethtool, strace; nft, conntrack and ipset for the netfilter
# tests); with NETLINK_FUZZ=1 also cargo-fuzz. Idempotent and quiet when all is there.
set -euo pipefail
need=()
for pkg_cmd in gcc:gcc libc6-dev:/usr/include/stdio.h iproute2:ip ethtool:ethtool strace:strace nftables:nft conntrack:conntrack ipset:ipset; do
  pkg=${pkg_cmd%%:*}
  probe=${pkg_cmd#*:}
  if [[ $probe == /* ]]; then [[ -e $probe ]] || need+=("$pkg"); else command -v "$probe" >/dev/null || need+=("$pkg"); fi
done
if ((${#need[@]})); then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "setup: cargo (rustup) is required" >&2; exit 1; }
# scripts/fuzz.sh asks for cargo-fuzz (from crates.io; about 1.5 minutes to build).
if [[ -n ${NETLINK_FUZZ:-} ]] && ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked --quiet cargo-fuzz
fi
