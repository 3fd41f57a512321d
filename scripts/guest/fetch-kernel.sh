#!/usr/bin/env bash
# Guest-kernel lane, the kernel: Debian's current stock amd64 kernel (the package linux-image-amd64 points at), fetched
# with `apt-get download` and unpacked - never installed - into <cache dir>/<package>, with its module index built by
# busybox's depmod. Later runs reuse it. Prints that directory (boot/vmlinuz-*, lib/modules/<version>/).
#
#   scripts/guest/fetch-kernel.sh <cache dir>        # the lane passes .guest/kernel
set -Eeuo pipefail
trap 'echo "fetch-kernel.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/../lib/apt.sh"
[ "$#" = 1 ] || { echo "usage: $0 <cache dir>" >&2; exit 2; }
CACHE=$1
BUSYBOX=/usr/bin/busybox

for ok in "$CACHE"/linux-image-*/.ok; do
    if [ -e "$ok" ]; then dirname "$ok"; exit 0; fi
done

kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
pkg=$(kernel_package)
if [ -z "$pkg" ]; then
    apt_step apt-get update
    pkg=$(kernel_package)
fi
if [ -z "$pkg" ]; then
    echo "fetch-kernel.sh: apt cannot resolve linux-image-amd64 ('apt-cache depends linux-image-amd64'" \
        "names no kernel package)" >&2
    exit 1
fi

echo "guest-lane: fetching the guest kernel $pkg" >&2
dl=$(mktemp -d /tmp/nfgu-kdl.XXXXXX)
trap 'rm -rf "$dl"' EXIT
(cd "$dl" && apt_step apt-get download "$pkg")
dir=$CACHE/$pkg
rm -rf "$dir"
mkdir -p "$dir"
dpkg-deb -x "$dl"/*.deb "$dir"
kver=$(ls "$dir/lib/modules")
"$BUSYBOX" depmod -b "$dir" "$kver"
touch "$dir/.ok"
echo "$dir"
