#!/usr/bin/env bash
# The whole test suite, as root: unit tests, the network-namespace tests (@Tag("privileged")), the container tests
# (@Tag("docker"), engine and images from scripts/docker-up.sh), then the guest-kernel tests with netem
# (scripts/guest-lane.sh). See README "Development".
set -Eeuo pipefail
trap 'echo "test-all.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
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
# Last: it runs `mvn install`, which must not hide a step that wrongly resolves the project from ~/.m2.
bash scripts/examples.sh
echo "test-all: finished in $(( $(date +%s) - start )) s"
