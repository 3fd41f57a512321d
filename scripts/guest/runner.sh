#!/usr/bin/env bash
# Guest-kernel lane, the test runner: writes the shell script the guest's init runs in its chroot of the host's root
# (scripts/guest/init): JUnit's console launcher on the test class path, the built agent jar and its class-data
# archive named by system properties, the JUnit reports written to <reports dir> (a directory shared with the host).
# NETFAULT_GUEST_CMD, when set, is a shell command the script runs before the tests (a debugging aid).
#
#   scripts/guest/runner.sh <out file> <project root> <java> <agent jar> <cds archive> <class path> <reports dir> \
#       <console-launcher selectors...>
set -Eeuo pipefail
trap 'echo "runner.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
if [ "$#" -lt 8 ]; then
    echo "usage: $0 <out file> <project root> <java> <agent jar> <cds archive> <class path> <reports dir>" \
        "<selectors...>" >&2
    exit 2
fi
OUT=$1 ROOT=$2 JAVA=$3 JAR=$4 JSA=$5 CP=$6 REPORTS=$7
shift 7
# The launcher's own JVM: start-up speed matters more than peak speed under emulation.
JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
# shellcheck disable=SC2016  # the single-quoted lines are for the guest's shell to expand
{
    echo '#!/bin/sh'
    echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TZ=UTC'
    echo "cd '$ROOT' || exit 92"
    if [ -n "${NETFAULT_GUEST_CMD:-}" ]; then echo "$NETFAULT_GUEST_CMD"; fi
    echo 'echo "guest: JUnit starts at $(date -u +%T)"'
    printf '%q ' "$JAVA" "${JVM_FLAGS[@]}" \
        "-Dnetfault.jar=$JAR" "-Dnetfault.agentCds=$JSA" "-Dnetfault.root=$ROOT" -Dnetfault.guest=true \
        "-Djava=$JAVA" -cp "$CP" org.junit.platform.console.ConsoleLauncher execute --disable-banner \
        --details=tree --disable-ansi-colors --fail-if-no-tests --reports-dir "$REPORTS" "$@"
    echo
    echo 'rc=$?; echo "guest: JUnit ends at $(date -u +%T) with exit code $rc"; exit $rc'
} >"$OUT"
