#!/usr/bin/env bash
# Installs the system packages netfault's build, demo and tests use (Debian/Ubuntu, as root). Idempotent.
set -Eeuo pipefail
trap 'echo "install-deps.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_ensure_packages iproute2 iptables nftables ipset docker.io debootstrap docker-compose busybox-static curl jq \
    util-linux qemu-system-x86
apt_ensure_tools mvn:maven java:openjdk-17-jdk-headless
