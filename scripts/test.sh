#!/usr/bin/env bash
# The project's test command (README). Kernel tests need root: they run in private network
# namespaces and print "SKIPPED (needs root)" without it; CI runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ $(id -u) -ne 0 ]]; then
  echo "WARNING: not root: the kernel tests will be skipped (they pass only as root)." >&2
fi
cargo test --workspace --all-features
