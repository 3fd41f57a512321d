#!/usr/bin/env bash
# Builds and runs the example projects against the installed artifacts, as a newcomer's project would be:
#   1. mvn install at the root (netfault-client and netfault-testcontainers, with sources and javadoc jars);
#   2. the Docker engine and images (scripts/docker-up.sh), and the module's default image name
#      netfault/agent:<version> tagged from the netfault/agent:dev just built;
#   3. checks that examples/junit5's test class is exactly the README's example, then `mvn verify` on its own pom.
# Usage: scripts/examples.sh        (as root, or as a user of the docker group)
set -Eeuo pipefail
trap 'echo "examples.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EXAMPLE=examples/junit5
CLASS=$EXAMPLE/src/test/java/com/example/DependencyOutageTest.java

log() { printf 'examples: %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
start=$(date +%s)

# The README shows the class under an HTML comment naming its path; the copy must be the same, byte for byte.
readme_copy=$(mktemp /tmp/nf-readme-example.XXXXXX)
trap 'rm -f "$readme_copy"' EXIT
awk -v marker="<!-- $CLASS -->" '
  $0 == marker { found = 1; next }
  found == 1 && /^```java$/ { found = 2; next }
  found == 2 && /^```$/ { exit }
  found == 2 { print }' README.md >"$readme_copy"
[[ -s "$readme_copy" ]] || fail "README.md has no java block after '<!-- $CLASS -->'"
diff -u "$readme_copy" "$CLASS" >&2 || fail "README.md's example differs from $CLASS (diff above)"
log "README example = $CLASS"

log "step 1: mvn -B -ntp install -DskipTests (root)"
mvn -B -ntp install -DskipTests || fail "mvn install at the root"

log "step 2: Docker engine and images"
bash scripts/docker-up.sh || fail "scripts/docker-up.sh"
version=$(mvn -B -q -ntp -N help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" || true)
[[ -n "$version" ]] || fail "no project version in pom.xml"
docker tag netfault/agent:dev "netfault/agent:$version" || fail "docker tag netfault/agent:dev netfault/agent:$version"
log "netfault/agent:$version = netfault/agent:dev (NetfaultContainer's default image)"

# This box: no registry to pull the Ryuk reaper from, and a /.dockerenv that would make Testcontainers pull alpine
# (shared/testbed lane 2). A newcomer's machine needs neither; the example's pom does not set them.
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"
log "step 3: mvn -B -ntp -f $EXAMPLE/pom.xml verify"
mvn -B -ntp -f "$EXAMPLE/pom.xml" verify || fail "the example project $EXAMPLE"
log "passed in $(( $(date +%s) - start )) s"
