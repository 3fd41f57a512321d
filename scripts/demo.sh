#!/usr/bin/env bash
# netfault's main job, on any Linux box as root: builds the jar if needed, then `netfault demo` - two network
# namespaces, a server, a client load and the agent; live numbers through baseline, each fault this kernel
# supports, and recovery. Leaves nothing behind. Extra arguments go to `netfault demo` (e.g. --schedule short).
#
#   scripts/demo.sh [--schedule short]     # as root
set -Eeuo pipefail
trap 'echo "demo.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "demo: run as root (it creates network namespaces)" >&2
  exit 2
fi
# shellcheck source=scripts/lib/apt.sh
. scripts/lib/apt.sh
apt_ensure_tools ip:iproute2 iptables:iptables nft:nftables mvn:maven java:openjdk-17-jdk-headless
if [ ! -r agent/target/netfault.jar ]; then
  echo "demo: building netfault (mvn package, about a minute the first time)" >&2
  mvn -B -q -ntp package -DskipTests
fi
exec java -jar agent/target/netfault.jar demo "$@"
