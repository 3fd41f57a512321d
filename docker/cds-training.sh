#!/bin/sh
# Image build step: one training run of the agent whose loaded classes become the class-data archive $1, which the
# launcher maps at every start. The run serves the routes a sidecar answers first (/healthz, /metrics, /faults, a
# status, a start and a stop request of each kind) and ends with SIGTERM; the launcher (NETFAULT_CDS_DUMP) then dumps
# the classes the run loaded, the JDK's and the agent's, as one static archive.
# It runs in the build's network namespace without NET_ADMIN, on a port the kernel picks: nothing can change there
# (every probe write is refused, which the archive does not mind: the probe's classes are loaded all the same).
set -eu
jsa=$1
out=/tmp/nf-cds.out
: >"$out"
NETFAULT_CDS_DUMP="$jsa" netfault serve --listen 127.0.0.1:0 --state-dir /tmp/nf-cds-state >"$out" 2>/tmp/nf-cds.err &
pid=$!
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's/^netfault agent listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$out")
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "cds-training: the agent did not start; its output:" >&2
  cat "$out" /tmp/nf-cds.err >&2
  exit 1
fi
base="http://127.0.0.1:$port"
# the probe runs in the background: wait until /healthz says it is done, so its classes are in the archive too
for _ in $(seq 1 300); do
  curl -fsS "$base/healthz" | grep -q '"probe":"running"' || break
  sleep 0.1
done
for _ in 1 2 3; do
  curl -fsS "$base/healthz" >/dev/null
  curl -fsS "$base/metrics" >/dev/null
  curl -fsS "$base/faults" >/dev/null
  curl -fsS -X POST -d '{"Port":8080,"Protocol":"tcp","TrafficType":"egress"}' \
    "$base/fault/v1/network-blackhole-port/status" >/dev/null
  curl -sS -X POST -d '{"DelayMilliseconds":100,"JitterMilliseconds":0,"Sources":["198.51.100.7"]}' \
    "$base/fault/v1/network-latency/start" >/dev/null || true
  curl -sS -X POST -d '{"LossPercent":200}' "$base/fault/v1/network-packet-loss/start" >/dev/null || true
  # the start, status and stop of each kind (refused here without NET_ADMIN, after the request is decoded and planned)
  curl -sS -X POST -d '{"Port":9,"Protocol":"tcp","TrafficType":"egress"}' \
    "$base/fault/v1/network-blackhole-port/start" >/dev/null || true
  curl -sS -X POST -d '{"Port":9,"Protocol":"tcp","TrafficType":"ingress","SourcesToFilter":["198.51.100.7"]}' \
    "$base/fault/v1/network-blackhole-port/start" >/dev/null || true
  curl -sS -X POST -d '{"LossPercent":20,"Sources":["198.51.100.7","2001:db8::7/128"]}' \
    "$base/fault/v1/network-packet-loss/start" >/dev/null || true
  for kind in network-blackhole-port network-packet-loss network-latency; do
    curl -sS -X POST -d '{"Port":9,"Protocol":"tcp","TrafficType":"egress"}' "$base/fault/v1/$kind/stop" >/dev/null || true
  done
done
kill -TERM "$pid"
wait "$pid" || true
if [ ! -s "$jsa" ]; then
  echo "cds-training: no archive written; the agent's output:" >&2
  cat "$out" /tmp/nf-cds.err >&2
  exit 1
fi
echo "cds-training: $(wc -c <"$jsa") bytes in $jsa"
