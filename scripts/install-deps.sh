#!/usr/bin/env bash
# Installs the system packages netfault's build, demo and test lanes use (Debian/Ubuntu, as root). Idempotent.
set -euo pipefail
need=(iproute2 iptables nftables ipset docker.io debootstrap docker-compose busybox-static curl jq util-linux qemu-system-x86)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v mvn >/dev/null || { apt-get install -y -qq maven >/dev/null; }
command -v java >/dev/null || { apt-get install -y -qq openjdk-17-jdk-headless >/dev/null; }
