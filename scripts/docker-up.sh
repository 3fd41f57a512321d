#!/usr/bin/env bash
# Brings up what the container tests (@Tag("docker")) need, as root, and does nothing that is already done:
#   1. a Docker engine whose bridges stay inside 198.18.0.0/15 (never the machine's or the registries' ranges);
#   2. the base image debian:bookworm-slim, built with debootstrap because no registry can be pulled from;
#   3. netfault's own image netfault/agent:dev from docker/Dockerfile (the file users build).
# Usage: scripts/docker-up.sh [--no-build]     (--no-build: engine and base image only)
# Also builds netfault/demo:dev (docker/demo), the compose demo's app, dependency and load client.
set -Eeuo pipefail
trap 'echo "docker-up.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_IMAGE=debian:bookworm-slim
AGENT_IMAGE=netfault/agent:dev
DEMO_IMAGE=netfault/demo:dev
LOG=/var/log/dockerd.log

log() { printf 'docker-up: %s\n' "$*" >&2; }

forbidden_routes() {
  ip -4 route show table all 2>/dev/null | grep -E '(192\.0\.2\.|203\.0\.113\.)' || true
}

start_engine() {
  if docker info >/dev/null 2>&1; then
    log "engine already answers"
    return
  fi
  log "starting dockerd (log: $LOG)"
  # dockerd outlives this script, so it keeps none of our descriptors above 2: run as `flock LOCK docker-up.sh`, it
  # would otherwise hold LOCK for as long as it runs and every later `flock LOCK docker build` would wait forever
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      n=${fd##*/}
      if [[ "$n" -gt 2 ]]; then eval "exec $n>&-" 2>/dev/null || true; fi
    done
    exec nohup dockerd --bip 198.18.0.1/24 --default-address-pool base=198.19.0.0/16,size=24 >"$LOG" 2>&1
  ) &
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      log "engine up"
      return
    fi
    sleep 1
  done
  log "dockerd did not answer within 60 s; last lines of $LOG:"
  tail -n 20 "$LOG" >&2
  exit 1
}

debian_mirror() {
  local uri
  uri=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '{print $2}' | grep -E '/debian/?$' | head -n 1 || true)
  if [[ -z "$uri" ]]; then
    uri=$(grep -hE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '{print $2}' | grep -E '/debian/?$' | head -n 1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

build_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "$BASE_IMAGE present"
    return
  fi
  local rootfs mirror
  rootfs=$(mktemp -d /tmp/nf-rootfs.XXXXXX)
  mirror=$(debian_mirror)
  log "building $BASE_IMAGE with debootstrap from $mirror"
  trap 'rm -rf "$rootfs"' RETURN
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/tmp/nf-debootstrap.log 2>&1 \
    || { log "debootstrap failed; last lines of /tmp/nf-debootstrap.log:"; tail -n 20 /tmp/nf-debootstrap.log >&2; exit 1; }
  # What makes the official image "slim": dpkg skips docs, man pages and translations, now and on later installs.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/groff/* "$rootfs"/usr/share/lintian/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  log "$BASE_IMAGE imported"
}

# docker build with its output kept out of the way unless it fails (RUN apt-get needs --network host here).
quiet_build() {
  local out
  out=$(mktemp /tmp/nf-build.XXXXXX)
  if ! docker build --network host "$@" >"$out" 2>&1; then
    log "docker build $* failed; its last lines:"
    tail -n 30 "$out" >&2
    rm -f "$out"
    exit 1
  fi
  rm -f "$out"
}

build_agent_image() {
  if [[ ! -f "$ROOT/agent/target/netfault.jar" ]]; then
    log "building agent/target/netfault.jar"
    (cd "$ROOT" && mvn -B -q -o package -pl agent -am -DskipTests)
  fi
  log "building $AGENT_IMAGE"
  quiet_build -t "$AGENT_IMAGE" -f "$ROOT/docker/Dockerfile" "$ROOT"
  log "$AGENT_IMAGE: $(docker image inspect -f '{{.Size}}' "$AGENT_IMAGE" | awk '{printf "%.0f MB", $1/1000000}')"
}

build_demo_image() {
  log "building $DEMO_IMAGE"
  quiet_build -t "$DEMO_IMAGE" "$ROOT/docker/demo"
}

before=$(forbidden_routes)
start_engine
build_base_image
if [[ "${1:-}" != "--no-build" ]]; then
  build_agent_image
  build_demo_image
fi
after=$(forbidden_routes)
if [[ "$before" != "$after" ]]; then
  log "a route into 192.0.2.0/24 or 203.0.113.0/24 appeared: $after"
  exit 1
fi
