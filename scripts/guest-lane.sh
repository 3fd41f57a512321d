#!/usr/bin/env bash
# The guest-kernel test lane (issue 5; shared/testbed lane 3): boots Debian's stock kernel, which has sch_netem,
# sch_prio and ifb, under QEMU (software emulation) over the host's own files read-only, runs the @Tag("guest")
# tests inside with the prebuilt jars, and brings the JUnit reports back to target/guest-reports.
#
#   mvn -B -q -o package -DskipTests && bash scripts/guest-lane.sh [console-launcher selectors...]
#
# Default selection: package dev.netfault.e2e.guest, tag guest. Needs root. Installs (Debian packages only)
# qemu-system-x86 and busybox-static when missing; the kernel comes from `apt-get download` of the package
# linux-image-amd64 points at, unpacked (never installed) under .guest/ and reused by later runs.
# Why not user-mode Linux: Debian 12's UML 6.1 dies at boot on hosts whose CPUs have AMX/AVX-512 state
# ("ptrace set fp regs failed, errno = 14": the host wants the full XSTATE buffer), as on this project's machines.
# Environment: NETFAULT_GUEST_TIMEOUT (s, default 900), NETFAULT_GUEST_MEM (MiB, default 2048),
# NETFAULT_GUEST_CPUS (default 2), NETFAULT_GUEST_CMD (a shell command run inside before the tests; for debugging).
set -euo pipefail

started=$(date +%s)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=$ROOT/.guest
REPORTS=$ROOT/target/guest-reports
TIMEOUT=${NETFAULT_GUEST_TIMEOUT:-900}
MEM=${NETFAULT_GUEST_MEM:-2048}
CPUS=${NETFAULT_GUEST_CPUS:-2}
LOAD_MODULES="veth ifb sch_netem sch_prio sch_htb sch_ingress sch_fq_codel cls_u32 cls_matchall act_mirred act_gact
 nf_tables nft_numgen nft_hash nft_ct ip_tables iptable_filter ip6_tables ip6table_filter x_tables xt_statistic xt_time
 xt_comment xt_multiport xt_conntrack ip_set ip_set_hash_net xt_set cls_flow cls_fw cls_basic em_ipset"

log() { echo "guest-lane: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (namespaces and tc inside the guest; qemu's 9p export of / as root)"

apt_install() {
    log "installing $* (Debian packages)"
    apt-get install -y --no-install-recommends "$@" >/dev/null || { apt-get update >/dev/null; apt-get install -y --no-install-recommends "$@" >/dev/null; }
}
command -v qemu-system-x86_64 >/dev/null || apt_install qemu-system-x86
BUSYBOX=/usr/bin/busybox
if ! dpkg -s busybox-static >/dev/null 2>&1; then
    apt_install busybox-static
fi

# --- the guest kernel: Debian's current stock amd64 kernel, unpacked once into .guest/kernel/<package> ----------
kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
KPKG=$(ls -d "$CACHE"/kernel/linux-image-*/.ok 2>/dev/null | head -1 | xargs -r dirname | xargs -r basename || true)
if [ -z "$KPKG" ]; then
    KPKG=$(kernel_package)
    [ -n "$KPKG" ] || { apt-get update >/dev/null; KPKG=$(kernel_package); }
    [ -n "$KPKG" ] || die "apt cannot resolve linux-image-amd64"
    log "fetching the guest kernel $KPKG"
    dl=$(mktemp -d /tmp/nfgu-kdl.XXXXXX)
    (cd "$dl" && apt-get download "$KPKG" >/dev/null 2>&1) || { rm -rf "$dl"; die "apt-get download $KPKG failed"; }
    rm -rf "$CACHE/kernel/$KPKG"; mkdir -p "$CACHE/kernel/$KPKG"
    dpkg-deb -x "$dl"/*.deb "$CACHE/kernel/$KPKG"
    rm -rf "$dl"
    kv=$(ls "$CACHE/kernel/$KPKG/lib/modules")
    $BUSYBOX depmod -b "$CACHE/kernel/$KPKG" "$kv"
    touch "$CACHE/kernel/$KPKG/.ok"
fi
KDIR=$CACHE/kernel/$KPKG
KVER=$(ls "$KDIR/lib/modules")
VMLINUZ=$(ls "$KDIR"/boot/vmlinuz-*)

# --- the test classpath, built on the host -----------------------------------------------------------------------
[ -f "$ROOT/agent/target/netfault.jar" ] && [ -d "$ROOT/e2e/target/test-classes" ] \
    || die "build first: mvn -B -q -o package -DskipTests"
mvn_q() { mvn -B -q -o "$@" >/dev/null 2>&1 || mvn -B -q "$@" >/dev/null; }
JUNIT=$(sed -n 's:.*<junit.version>5\.\([0-9.]*\)</junit.version>.*:1.\1:p' "$ROOT/pom.xml" | head -1)
CONSOLE=$CACHE/junit-platform-console-standalone-$JUNIT.jar
if [ ! -f "$CONSOLE" ]; then
    mvn_q -f "$ROOT/pom.xml" -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT" -DoutputDirectory="$CACHE"
fi
mvn_q -f "$ROOT/pom.xml" -pl e2e -am org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/guest.classpath -Dmdep.includeScope=test
# The project's own modules come from this tree, never from ~/.m2; the console jar brings the JUnit platform.
CP=$ROOT/e2e/target/test-classes:$ROOT/agent/target/classes:$ROOT/tc-bridge/target/classes:$ROOT/tc-bridge/target/test-classes
for entry in $(tr ':' ' ' < "$ROOT/e2e/target/guest.classpath"); do
    case $entry in */dev/netfault/*|*/org/junit/*|*/opentest4j/*|*/apiguardian/*|*/net/jqwik/*) continue ;; esac
    CP=$CP:$entry
done
JAVA=$(readlink -f "$(command -v java)")
JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

WORK=$(mktemp -d /tmp/nfgu-lane.XXXXXX)
QPID=""
TPID=""
cds_pid=""
cds_ns=""
cleanup() {
    [ -n "$QPID" ] && kill "$QPID" 2>/dev/null && wait "$QPID" 2>/dev/null || true
    [ -n "$TPID" ] && kill "$TPID" 2>/dev/null || true
    [ -n "$cds_pid" ] && kill "$cds_pid" 2>/dev/null && wait "$cds_pid" 2>/dev/null || true
    [ -n "$cds_ns" ] && ip netns del "$cds_ns" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- class-data sharing for the agent: its JVM takes about a minute to start under emulation, mostly loading classes.
# The archive is made on the host by starting the same jar once, idle, in a scratch namespace of its own (it changes
# nothing there but answers /healthz), and is reused while the jar is unchanged.
JAR=$ROOT/agent/target/netfault.jar
# The JVM checks the jar's size and mtime against the archive, so both name it (a rebuilt jar gets a new archive).
JSA=$CACHE/cds/netfault-$(stat -c '%s-%Y' "$JAR").jsa
if [ ! -f "$JSA" ]; then
    mkdir -p "$CACHE/cds"; rm -f "$CACHE"/cds/*.jsa
    cds_ns=nfgu-cds$RANDOM
    cds_tmp=$WORK/cds; mkdir -p "$cds_tmp"
    ip netns add "$cds_ns" && ip -n "$cds_ns" link set lo up
    ip netns exec "$cds_ns" "$JAVA" "${JVM_FLAGS[@]}" -XX:ArchiveClassesAtExit="$JSA" -jar "$JAR" serve \
        --state-dir "$cds_tmp/state" >"$cds_tmp/log" 2>&1 &
    cds_pid=$!
    for _ in $(seq 1 150); do
        ip netns exec "$cds_ns" curl -sf -o /dev/null http://127.0.0.1:51680/healthz && break
        sleep 0.2
    done
    ip netns exec "$cds_ns" curl -s -o /dev/null -X POST http://127.0.0.1:51680/fault/v1/network-latency/status || true
    kill -TERM "$cds_pid" 2>/dev/null || true
    wait "$cds_pid" 2>/dev/null || true
    cds_pid=""
    ip netns del "$cds_ns"
    cds_ns=""
    [ -f "$JSA" ] && log "made the agent's class-data archive $(basename "$JSA")" || log "no class-data archive (continuing without)"
fi

# --- the initramfs and the scripts the guest runs ----------------------------------------------------------------
mkdir -p "$WORK/results" "$WORK/initramfs"
I=$WORK/initramfs
mkdir -p "$I"/{bin,dev,proc,sys,newroot,mnt/host,mnt/results,mnt/ovl,"lib/modules/$KVER"}
cp $BUSYBOX "$I/bin/busybox"
cp "$ROOT/scripts/guest/init" "$I/init"
chmod +x "$I/init"
for m in virtio virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay; do
    f=$(cd "$KDIR/lib/modules/$KVER" && find kernel -name "$m.ko" | head -1)
    [ -n "$f" ] || continue   # built in
    mkdir -p "$I/lib/modules/$KVER/$(dirname "$f")"
    cp "$KDIR/lib/modules/$KVER/$f" "$I/lib/modules/$KVER/$f"
done
cp "$KDIR/lib/modules/$KVER"/modules.{dep,alias,builtin,order,symbols} "$I/lib/modules/$KVER/" 2>/dev/null || true
cat > "$I/lane.conf" <<EOF
KVER='$KVER'
WORK='$WORK'
MODDIR='$KDIR/lib/modules/$KVER'
LOAD_MODULES='$(echo $LOAD_MODULES)'
EOF

if [ $# -eq 0 ]; then
    set -- --select-package dev.netfault.e2e.guest --include-tag guest
fi
{
    echo '#!/bin/sh'
    echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TZ=UTC'
    echo "cd '$ROOT' || exit 92"
    [ -n "${NETFAULT_GUEST_CMD:-}" ] && echo "$NETFAULT_GUEST_CMD"   # a debugging aid: runs before the tests
    echo 'echo "guest: JUnit starts at $(date -u +%T)"'
    printf '%q ' "$JAVA" "${JVM_FLAGS[@]}" -Xshare:auto \
        "-Dnetfault.jar=$JAR" "-Dnetfault.agentCds=$JSA" "-Dnetfault.root=$ROOT" -Dnetfault.guest=true \
        "-Djava=$JAVA" -jar "$CONSOLE" execute --disable-banner --details=tree --disable-ansi-colors \
        --fail-if-no-tests --class-path "$CP" --reports-dir "$WORK/results/reports" "$@"
    echo
    echo 'rc=$?; echo "guest: JUnit ends at $(date -u +%T) with exit code $rc"; exit $rc'
} > "$WORK/run-tests.sh"
(cd "$I" && find . | $BUSYBOX cpio -o -H newc 2>/dev/null | gzip -1) > "$WORK/initramfs.gz"

# --- boot ----------------------------------------------------------------------------------------------------------
log "booting $KPKG under QEMU (TCG, ${CPUS} vCPUs, ${MEM} MiB) over the host's root, read-only"
booted=$(date +%s)
: >"$WORK/console.log"
timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 -nodefaults -no-user-config -accel tcg,thread=multi \
    -cpu max -m "$MEM" -smp "$CPUS" -display none -serial stdio -monitor none -no-reboot \
    -kernel "$VMLINUZ" -initrd "$WORK/initramfs.gz" -append "console=ttyS0 panic=-1 quiet loglevel=3" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$WORK/results,mount_tag=results,security_model=none" \
    </dev/null >"$WORK/console.log" 2>&1 &
QPID=$!
tail -n +1 -f --pid="$QPID" "$WORK/console.log" &
TPID=$!
qrc=0
wait "$QPID" || qrc=$?
QPID=""
wait "$TPID" 2>/dev/null || true
TPID=""

# --- results -------------------------------------------------------------------------------------------------------
rm -rf "$REPORTS"; mkdir -p "$REPORTS"
cp -r "$WORK/results/." "$REPORTS/" 2>/dev/null || true
cp "$WORK/console.log" "$REPORTS/console.log"
guest_rc=$(cat "$WORK/results/exit-code" 2>/dev/null || echo none)
sum_attr() { grep -ho "<testsuite [^>]*" "$REPORTS"/reports/*.xml 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
tests=$(sum_attr tests); failures=$(sum_attr failures); errors=$(sum_attr errors); skipped=$(sum_attr skipped)
passed=$((tests - failures - errors - skipped)); failed=$((failures + errors))
now=$(date +%s)
log "wall time $((now - started)) s (guest boot to halt $((now - booted)) s); qemu exit $qrc; guest exit code $guest_rc; reports in $REPORTS"
echo "guest: $passed passed, $failed failed, $skipped skipped"
[ "$qrc" = 124 ] && die "timed out after ${TIMEOUT}s"
# Inside the lane nothing may be skipped for lack of netem: a run where nothing passed is a failure too.
[ "$guest_rc" = 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ] || exit 1
