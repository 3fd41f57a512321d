#!/usr/bin/env bash
# netfault benchmarks and torture runs, as root, from a clean clone:
#
#   scripts/bench.sh                                    # everything: about 5 minutes on a 2-core box
#   BENCH_TEST=ApplyLatencyBenchTest scripts/bench.sh   # one class (surefire -Dtest pattern)
#   NETFAULT_AGENT_IMAGE=netfault/agent:mine scripts/bench.sh   # ImageBenchTest on another image (default :dev)
#
# (The time is the "seconds" this script records: 298 s for the run in bench-results/2026-11-26.json.)
#
# Builds the agent jar (the reactor's package phase), runs every @Tag("bench") class of the e2e module
# (src/test/java/dev/netfault/e2e/bench) in network namespaces named nfbn*, prints a markdown table and writes
# bench-results/<UTC date>.json with the figures and the machine they were measured on. Benchmarks print and record
# numbers; only the torture runs' correctness checks (leaks, state equality, well-formed answers) fail the run.
# No `set -e`: a failed Maven run still gets its table and JSON (with its exit code), and is this script's exit code.
set -Euo pipefail
trap 'echo "bench.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.." || exit 2
if [ "$(id -u)" != 0 ]; then
  echo "bench: run as root (it creates network namespaces, nftables/iptables rules and agent processes)" >&2
  exit 2
fi
mkdir -p bench-results
rows="$PWD/bench-results/.rows.jsonl"
rm -f "$rows"
export NETFAULT_BENCH_ROWS="$rows"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
t0=$(date +%s)
filter=()
if [ -n "${BENCH_TEST:-}" ]; then
  filter=(-Dtest="$BENCH_TEST" -Dsurefire.failIfNoSpecifiedTests=false)
fi
image="${NETFAULT_AGENT_IMAGE:-netfault/agent:dev}"
filter+=(-Dnetfault.agentImage="$image")
# shellcheck disable=SC2086  # BENCH_MVN_OPTS is a list of options (e.g. drop -o on a fresh ~/.m2)
mvn -B -q ${BENCH_MVN_OPTS:--o} verify -pl e2e -am -Dnetfault.excludedGroups= -Dnetfault.groups=bench "${filter[@]}"
status=$?
seconds=$(( $(date +%s) - t0 ))

image_bytes=null
if command -v docker >/dev/null && docker image inspect "$image" >/dev/null 2>&1; then
  image_bytes=$(docker image inspect "$image" --format '{{.Size}}')
fi
[ -s "$rows" ] || : >"$rows"
out="bench-results/$(date -u +%Y-%m-%d).json"
jq -s --arg started "$started" --arg kernel "$(uname -r)" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  --argjson nproc "$(nproc)" \
  --argjson memKb "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" \
  --arg java "$(java -version 2>&1 | head -1)" \
  --argjson image "$image_bytes" --arg imageName "$image" --argjson seconds "$seconds" --argjson exit "$status" \
  '{started: $started, seconds: $seconds, exitCode: $exit,
    machine: {kernel: $kernel, cpu: $cpu, nproc: $nproc, memoryKb: $memKb, java: $java},
    image: $imageName, imageBytes: $image, rows: .}' "$rows" >"$out"

echo
echo "netfault bench, $started, kernel $(uname -r), $(jq -r .machine.cpu "$out"), $(nproc) CPUs," \
  "$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 )) MB RAM; ${seconds} s"
echo
jq -r '
  def num: if . == null then "n/a" elif (. | fabs) >= 100 then (. | round | tostring)
           else ((. * 100 | round) / 100 | tostring) end;
  "| section | metric | value | target | met | note |",
  "| --- | --- | --- | --- | --- | --- |",
  (.rows | sort_by(.section)[] | "| \(.section) | \(.metric) | \(.value | num) \(.unit) | \(.target) | "
     + (if .met == null then "" elif .met then "yes" else "**no**" end) + " | \(.note) |"),
  (if .imageBytes != null then "| 3 footprint | image \(.image) | \(.imageBytes / 1048576 | round) MiB |  |  | docker image inspect |" else empty end)
' "$out"
echo
echo "bench: wrote $out (exit $status)"
exit "$status"
