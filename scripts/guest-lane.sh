#!/usr/bin/env bash
# The guest-kernel tests: boots Debian's stock kernel, which has sch_netem, sch_prio and ifb, under QEMU (software
# emulation) over the host's own files read-only, runs the @Tag("guest") tests inside with the prebuilt jars, and
# brings the JUnit reports back to target/guest-reports. As root:
#
#   mvn -B -q -o package -DskipTests && scripts/guest-lane.sh [console-launcher selectors...]
#
# Default selection: package dev.netfault.e2e.guest, tag guest. Installs (Debian packages only) qemu-system-x86 and
# busybox-static when missing; the kernel comes from `apt-get download` of the package linux-image-amd64 points at,
# unpacked (never installed) under .guest/ and reused by later runs. Each step is a script of its own in
# scripts/guest/: fetch-kernel.sh, classpath.sh, cds.sh, runner.sh, initramfs.sh (with init, the guest's PID 1),
# boot.sh, report.sh.
# Why not user-mode Linux: Debian 12's UML 6.1 dies at boot on hosts whose CPUs have AMX/AVX-512 state
# ("ptrace set fp regs failed, errno = 14": the host wants the full XSTATE buffer), as on this project's machines.
# Environment: NETFAULT_GUEST_TIMEOUT (s, default 900), NETFAULT_GUEST_MEM (MiB, default 2048),
# NETFAULT_GUEST_CPUS (default 2), NETFAULT_GUEST_CMD (a shell command run inside before the tests; for debugging).
set -Eeuo pipefail
trap 'echo "guest-lane.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

started=$(date +%s)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STEPS=$ROOT/scripts/guest
CACHE=$ROOT/.guest
REPORTS=$ROOT/target/guest-reports
TIMEOUT=${NETFAULT_GUEST_TIMEOUT:-900}
MEM=${NETFAULT_GUEST_MEM:-2048}
CPUS=${NETFAULT_GUEST_CPUS:-2}

if [ "$(id -u)" != 0 ]; then
    echo "guest-lane: needs root (namespaces and tc inside the guest; qemu's 9p export of / as root)" >&2
    exit 1
fi
# shellcheck source=scripts/lib/apt.sh
. "$ROOT/scripts/lib/apt.sh"
apt_ensure_tools qemu-system-x86_64:qemu-system-x86
apt_ensure_packages busybox-static

KDIR=$(bash "$STEPS/fetch-kernel.sh" "$CACHE/kernel")
VMLINUZ=$(ls "$KDIR"/boot/vmlinuz-*)
CP=$(bash "$STEPS/classpath.sh" "$ROOT")
JAVA=$(readlink -f "$(command -v java)")
JAR=$ROOT/agent/target/netfault.jar

WORK=$(mktemp -d /tmp/nfgu-lane.XXXXXX)
boot_pid=""
cleanup() {
    if [ -n "$boot_pid" ]; then kill "$boot_pid" 2>/dev/null || true; wait "$boot_pid" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JSA=$(bash "$STEPS/cds.sh" "$JAR" "$CACHE/cds" "$JAVA")
mkdir -p "$WORK/results"
if [ $# -eq 0 ]; then
    set -- --select-package dev.netfault.e2e.guest --include-tag guest
fi
bash "$STEPS/runner.sh" "$WORK/run-tests.sh" "$ROOT" "$JAVA" "$JAR" "$JSA" "$CP" "$WORK/results/reports" "$@"
bash "$STEPS/initramfs.sh" "$KDIR" "$WORK"

echo "guest-lane: booting $(basename "$KDIR") under QEMU (TCG, ${CPUS} vCPUs, ${MEM} MiB) over the host's root," \
    "read-only" >&2
booted=$(date +%s)
# In the background, so that an INT or TERM here stops QEMU at once (cleanup) instead of after the run.
bash "$STEPS/boot.sh" "$VMLINUZ" "$WORK/initramfs.gz" "$WORK/results" "$WORK/console.log" "$TIMEOUT" "$MEM" "$CPUS" &
boot_pid=$!
qrc=0
wait "$boot_pid" || qrc=$?
boot_pid=""

# report.sh prints the sums and why the lane fails; its exit code is the lane's.
bash "$STEPS/report.sh" "$WORK/results" "$WORK/console.log" "$REPORTS" "$qrc" "$TIMEOUT" "$started" "$booted" \
    || exit $?
