#!/usr/bin/env bash
# Guest-kernel lane, the initramfs: busybox, the lane's init (scripts/guest/init), the guest kernel's virtio, 9p and
# overlay modules, and /lane.conf telling init which modules to load for the tests and where the host's work
# directory is. Writes <work dir>/initramfs.gz.
#
#   scripts/guest/initramfs.sh <kernel dir> <work dir>      # <kernel dir> as printed by fetch-kernel.sh
set -Eeuo pipefail
trap 'echo "initramfs.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
[ "$#" = 2 ] || { echo "usage: $0 <kernel dir> <work dir>" >&2; exit 2; }
KDIR=$1
WORK=$2
BUSYBOX=/usr/bin/busybox
KVER=$(ls "$KDIR/lib/modules")
# Loaded by init before the tests: what the faults, the test fixtures and the kernel's on-demand loading need.
LOAD_MODULES=(veth ifb sch_netem sch_prio sch_htb sch_ingress sch_fq_codel cls_u32 cls_matchall act_mirred act_gact
    nf_tables nft_numgen nft_hash nft_ct ip_tables iptable_filter ip6_tables ip6table_filter x_tables xt_statistic xt_time
    xt_comment xt_multiport xt_conntrack ip_set ip_set_hash_net xt_set cls_flow cls_fw cls_basic em_ipset)
# Needed by init itself, to mount the host's root (9p over virtio) and the overlay; absent ones are built in.
BOOT_MODULES=(virtio virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet
    9pnet_virtio 9p overlay)

I=$WORK/initramfs
rm -rf "$I"
mkdir -p "$I"/{bin,dev,proc,sys,newroot,mnt/host,mnt/results,mnt/ovl,"lib/modules/$KVER"}
cp "$BUSYBOX" "$I/bin/busybox"
cp "$(dirname "$0")/init" "$I/init"
chmod +x "$I/init"
mods=$KDIR/lib/modules/$KVER
for m in "${BOOT_MODULES[@]}"; do
    f=$(cd "$mods" && find kernel -name "$m.ko" | head -1)
    [ -n "$f" ] || continue
    mkdir -p "$I/lib/modules/$KVER/$(dirname "$f")"
    cp "$mods/$f" "$I/lib/modules/$KVER/$f"
done
for index in modules.dep modules.alias modules.builtin modules.order modules.symbols; do
    if [ -f "$mods/$index" ]; then cp "$mods/$index" "$I/lib/modules/$KVER/"; fi
done
cat >"$I/lane.conf" <<CONF
KVER='$KVER'
WORK='$WORK'
MODDIR='$mods'
LOAD_MODULES='${LOAD_MODULES[*]}'
CONF
(cd "$I" && find . | "$BUSYBOX" cpio -o -H newc 2>"$WORK/cpio.log" | gzip -1) >"$WORK/initramfs.gz" \
    || { echo "initramfs.sh: cpio failed:" >&2; cat "$WORK/cpio.log" >&2; exit 1; }
