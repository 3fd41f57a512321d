#!/usr/bin/env bash
# netfault's main job, on any Linux box as root: builds the jar if needed, then `netfault demo` — two network
# namespaces, a server, a client load and the agent; live numbers through baseline, each fault this kernel
# supports, and recovery. Leaves nothing behind. Extra arguments go to `netfault demo` (e.g. --schedule short).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "demo: run as root (it creates network namespaces): sudo $0" >&2
  exit 2
fi
missing=()
for tool in ip:iproute2 iptables:iptables nft:nftables mvn:maven java:openjdk-17-jdk-headless; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "demo: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -r agent/target/netfault.jar ]; then
  echo "demo: building netfault (mvn package, about a minute the first time)" >&2
  mvn -B -q -ntp package -DskipTests
fi
exec java -jar agent/target/netfault.jar demo "$@"
