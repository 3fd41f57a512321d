#!/usr/bin/env bash
# Guest-kernel lane, the boot: the guest kernel under QEMU's software emulation (TCG), with the host's root shared
# read-only (9p; scripts/guest/init puts a tmpfs overlay on it) and <results dir> shared writable. The serial console
# is written to <console log> and followed on stdout. Exits with QEMU's exit code: 124 when <timeout> seconds passed.
#
#   scripts/guest/boot.sh <vmlinuz> <initramfs> <results dir> <console log> <timeout s> <memory MiB> <vCPUs>
set -Eeuo pipefail
trap 'echo "boot.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
if [ "$#" != 7 ]; then
    echo "usage: $0 <vmlinuz> <initramfs> <results dir> <console log> <timeout s> <memory MiB> <vCPUs>" >&2
    exit 2
fi
VMLINUZ=$1 INITRD=$2 RESULTS=$3 CONSOLE=$4 TIMEOUT=$5 MEM=$6 CPUS=$7
qpid=""
tpid=""
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    if [ -n "$qpid" ]; then kill "$qpid" 2>/dev/null || true; wait "$qpid" 2>/dev/null || true; fi
    if [ -n "$tpid" ]; then kill "$tpid" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

: >"$CONSOLE"
timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 -nodefaults -no-user-config -accel tcg,thread=multi \
    -cpu max -m "$MEM" -smp "$CPUS" -display none -serial stdio -monitor none -no-reboot \
    -kernel "$VMLINUZ" -initrd "$INITRD" -append "console=ttyS0 panic=-1 quiet loglevel=3" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$RESULTS,mount_tag=results,security_model=none" \
    </dev/null >"$CONSOLE" 2>&1 &
qpid=$!
tail -n +1 -f --pid="$qpid" "$CONSOLE" &
tpid=$!
qrc=0
wait "$qpid" || qrc=$?
qpid=""
wait "$tpid" 2>/dev/null || true
tpid=""
exit "$qrc"
