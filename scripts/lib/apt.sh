# Debian packages for netfault's scripts, as root. Sourced (not run) by install-deps.sh, demo.sh and the guest lane:
#
#   . "$ROOT/scripts/lib/apt.sh"
#   apt_ensure_packages busybox-static jq          # installs those of the packages that are not installed
#   apt_ensure_tools ip:iproute2 java:openjdk-17-jdk-headless   # installs the package of each command not on PATH
#
# apt's output goes to a log; when a step fails its last lines are printed with the command, and the function
# returns non-zero (the caller's `set -e` and ERR trap take it from there). The package lists are refreshed once,
# before the first install, when they are missing or older than a day, and again if an install fails.
# shellcheck shell=bash

APT_LOG=${APT_LOG:-/tmp/netfault-apt.log}

# Runs one apt step with its output in $APT_LOG; prints the command and the log's tail when it fails.
apt_step() {
    if ! DEBIAN_FRONTEND=noninteractive "$@" >"$APT_LOG" 2>&1; then
        echo "apt: '$*' failed; last lines of $APT_LOG:" >&2
        tail -n 20 "$APT_LOG" >&2
        return 1
    fi
}

apt_lists_fresh() {
    [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 -print -quit 2>/dev/null)" ]
}

# Installs the named packages (all of them; see apt_ensure_packages for "only the missing ones").
apt_install() {
    [ "$#" -gt 0 ] || return 0
    echo "apt: installing $* (Debian packages)" >&2
    apt_lists_fresh || apt_step apt-get update
    apt_step apt-get install -y --no-install-recommends "$@" && return 0
    echo "apt: refreshing the package lists and trying again" >&2
    apt_step apt-get update
    apt_step apt-get install -y --no-install-recommends "$@"
}

apt_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_ensure_packages() {
    local missing=() p
    for p in "$@"; do
        apt_installed "$p" || missing+=("$p")
    done
    apt_install "${missing[@]}"
}

# Arguments are command:package pairs; a command already on PATH (from any source) needs nothing.
apt_ensure_tools() {
    local missing=() pair
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
    done
    apt_install "${missing[@]}"
}
