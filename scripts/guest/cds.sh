#!/usr/bin/env bash
# Guest-kernel lane, class-data sharing for the agent: its JVM takes about a minute to start under emulation, mostly
# loading classes. The archive is made on the host by starting the same jar once, idle, in a scratch namespace of its
# own (it changes nothing there but answers /healthz), and is reused while the jar is unchanged. Prints the archive's
# path; when the JVM wrote none the path does not exist and the tests' agents start without it.
#
#   scripts/guest/cds.sh <agent jar> <cache dir> <java>      # the lane passes .guest/cds
set -Eeuo pipefail
trap 'echo "cds.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
[ "$#" = 3 ] || { echo "usage: $0 <agent jar> <cache dir> <java>" >&2; exit 2; }
JAR=$1
CACHE=$2
JAVA=$3
# The flags the guest tests start the agent with (dev.netfault.e2e.guest.Agent): an archive is used only by a JVM
# with the same garbage collector.
JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
# The JVM checks the jar's size and mtime against the archive, so both name it (a rebuilt jar gets a new archive).
jsa=$CACHE/netfault-$(stat -c '%s-%Y' "$JAR").jsa
if [ -f "$jsa" ]; then
    echo "$jsa"
    exit 0
fi

ns=nfgu-cds$RANDOM
tmp=$(mktemp -d /tmp/nfgu-cds.XXXXXX)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$CACHE"
rm -f "$CACHE"/*.jsa
ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" "$JAVA" "${JVM_FLAGS[@]}" -XX:ArchiveClassesAtExit="$jsa" -jar "$JAR" serve \
    --state-dir "$tmp/state" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
    ip netns exec "$ns" curl -sf -o /dev/null http://127.0.0.1:51680/healthz && break
    sleep 0.2
done
# One request through the API, so that its classes are in the archive too.
ip netns exec "$ns" curl -s -o /dev/null -X POST http://127.0.0.1:51680/fault/v1/network-latency/status || true
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""
if [ -f "$jsa" ]; then
    echo "guest-lane: made the agent's class-data archive $(basename "$jsa")" >&2
else
    echo "guest-lane: no class-data archive (continuing without); the agent's last lines:" >&2
    tail -n 5 "$tmp/log" >&2
fi
echo "$jsa"
