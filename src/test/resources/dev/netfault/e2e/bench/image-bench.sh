#!/bin/bash
# Run inside the agent image by ImageBenchTest (docker run --network none --cap-add NET_ADMIN --entrypoint bash):
#   image-bench.sh ready|full ENTRYPOINT...
# Starts the image's entrypoint command, polls /healthz every 5 ms, and prints key=value lines. "full" then measures
# the first fault after the probe against later ones, idle RSS and the container's cgroup memory after 1,000 and
# 11,000 requests, 10,000 Sources in one request, and a body over the limit. Loopback and a veth pair (one end with
# 198.51.100.1/24) only, in the container's own namespace.
set -u
mode=$1
shift
B=http://127.0.0.1:51680
now() { date +%s%N; }
since() { echo $(( ($(now) - $1) / 1000000 )); }
# an interface to impair, in this container's own namespace (the faults' traffic never leaves it)
ip link add nfib0 type veth peer name nfib1 && ip link set nfib1 up && ip addr add 198.51.100.1/24 dev nfib0 \
  && ip link set nfib0 up || { echo "error=cannot add the veth pair"; exit 1; }
s=$(now)
"$@" >/tmp/agent.out 2>/tmp/agent.err &
pid=$!
until curl -fsS -o /dev/null --max-time 1 "$B/healthz" 2>/dev/null; do
  if [ "$(since "$s")" -gt 30000 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "error=not ready in 30 s"; cat /tmp/agent.out /tmp/agent.err; exit 1
  fi
  sleep 0.005
done
echo "ready_ms=$(since "$s")"
until curl -fsS --max-time 1 "$B/healthz" 2>/dev/null | grep -q '"probe":"done"'; do
  if [ "$(since "$s")" -gt 30000 ]; then echo "error=probe not done in 30 s"; exit 1; fi
  sleep 0.005
done
echo "probe_done_ms=$(since "$s")"
echo "probe_ms=$(grep -o 'capability probe took [0-9]*' /tmp/agent.out /tmp/agent.err | grep -o '[0-9]*$' | head -1)"
if [ "$mode" = ready ]; then
  kill "$pid"; wait "$pid"; exit 0
fi

# the first blackhole start after the probe, then 10 more: start -> 200 (verified in the kernel), then stop
bh='{"Port":9,"Protocol":"tcp","TrafficType":"egress"}'
for i in $(seq 0 10); do
  t=$(curl -sS -o /tmp/start.out -w '%{http_code} %{time_total}' -X POST -d "$bh" "$B/fault/v1/network-blackhole-port/start")
  case "$t" in 200\ *) ;; *) echo "error=blackhole start: $t $(cat /tmp/start.out)"; exit 1;; esac
  echo "fault_s_$i=${t#* }"
  curl -fsS -o /dev/null -X POST -d "$bh" "$B/fault/v1/network-blackhole-port/stop" || { echo "error=stop"; exit 1; }
done

mem() {
  echo "rss_kb_$1=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  # what the RSS is made of: anonymous pages, and of the file-backed ones the class-data archive's and libjvm's
  echo "rss_anon_kb_$1=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")"
  awk -v k="$1" '/^[0-9a-f]+-[0-9a-f]+ / {f=$6} /^Rss:/ {if (f ~ /\.jsa$/) j+=$2; else if (f ~ /libjvm\.so$/) v+=$2}
    END {print "rss_jsa_kb_" k "=" j+0; print "rss_libjvm_kb_" k "=" v+0}' "/proc/$pid/smaps"
  if [ -r /sys/fs/cgroup/memory.current ]; then
    echo "cgroup_bytes_$1=$(cat /sys/fs/cgroup/memory.current)"
    echo "cgroup_nofile_bytes_$1=$(awk -v u="$(cat /sys/fs/cgroup/memory.current)" '/^inactive_file / {print u - $2}' /sys/fs/cgroup/memory.stat)"
  else
    echo "cgroup_bytes_$1=$(cat /sys/fs/cgroup/memory/memory.usage_in_bytes)"
    echo "cgroup_nofile_bytes_$1=$(awk -v u="$(cat /sys/fs/cgroup/memory/memory.usage_in_bytes)" '/^total_inactive_file / {print u - $2}' /sys/fs/cgroup/memory/memory.stat)"
  fi
  echo "threads_$1=$(ls "/proc/$pid/task" | wc -l)"
}
requests() { # $1 requests over the read routes and both status routes, one curl (keep-alive); "next" ends each
  for i in $(seq 1 "$1"); do
    case $((i % 5)) in
      0) echo "url = $B/healthz";; 1) echo "url = $B/faults";; 2) echo "url = $B/metrics";;
      3) printf 'url = %s/fault/v1/network-packet-loss/status\nrequest = POST\n' "$B";;
      4) printf 'url = %s/fault/v1/network-blackhole-port/status\ndata = %s\n' "$B" "$bh";;
    esac
    echo "output = /dev/null"
    echo 'write-out = "%{http_code}\n"'
    [ "$i" -lt "$1" ] && echo "next"
  done >/tmp/requests.cfg
  curl -sS -K /tmp/requests.cfg | sort | uniq -c | awk '{printf "%s:%s ", $2, $1}'
}
mem ready
echo "answers_1000=$(requests 1000)"
sleep 2
mem 1000
echo "answers_10000=$(requests 10000)"
sleep 2
mem 11000

# 10,000 Sources (2001:db8::1-2710/128) in one loss request: start -> 200 (applied and verified), then stop
awk 'BEGIN { printf "{\"LossPercent\":20,\"Sources\":["; for (i = 1; i <= 10000; i++) printf "%s\"2001:db8::%x/128\"", (i > 1 ? "," : ""), i; printf "]}" }' >/tmp/sources.json
echo "sources_body_bytes=$(wc -c </tmp/sources.json)"
for i in 1 2 3; do
  t=$(curl -sS -o /tmp/start.out -w '%{http_code} %{time_total}' -X POST --data-binary @/tmp/sources.json "$B/fault/v1/network-packet-loss/start")
  case "$t" in 200\ *) ;; *) echo "error=10,000 sources: $t $(head -c 300 /tmp/start.out)"; exit 1;; esac
  echo "sources_s_$i=${t#* }"
  curl -fsS -o /dev/null -X POST "$B/fault/v1/network-packet-loss/stop" || { echo "error=stop"; exit 1; }
done
head -c 1048577 /dev/zero | tr '\0' ' ' >/tmp/big.json
echo "oversized=$(curl -sS -w ' %{http_code}' -X POST --data-binary @/tmp/big.json "$B/fault/v1/network-packet-loss/start")"
kill "$pid"
wait "$pid"
echo "done=1"
