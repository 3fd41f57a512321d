#!/usr/bin/env bash
# The whole test suite, as root: unit tests, network-namespace tests (lane 1), container tests (lane 2),
# then the guest-kernel lane with netem (lane 3). See README "Development".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "test-all: run as root (the suites create network namespaces, iptables/nft rules and containers)" >&2
  exit 2
fi
start=$(date +%s)
mvn -B -q -ntp package -DskipTests
bash scripts/docker-up.sh
mvn -B -ntp verify -Pall
bash scripts/guest-lane.sh
echo "test-all: finished in $(( $(date +%s) - start )) s"
