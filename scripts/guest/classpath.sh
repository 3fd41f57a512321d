#!/usr/bin/env bash
# Guest-kernel lane, the test class path: this tree's class directories, then the e2e module's test dependencies as
# its `package` phase wrote them to e2e/target/guest.classpath (Maven's own resolution, JUnit's console launcher
# included; see e2e/pom.xml). No Maven call here, so no local repository is asked for this project's artifacts.
# Prints the class path.
#
#   scripts/guest/classpath.sh <project root>
set -Eeuo pipefail
trap 'echo "classpath.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
[ "$#" = 1 ] || { echo "usage: $0 <project root>" >&2; exit 2; }
ROOT=$1
deps=$ROOT/e2e/target/guest.classpath

build_first() {
    echo "guest-lane: $1; build first: mvn -B -q -o package -DskipTests" >&2
    exit 1
}
[ -f "$ROOT/agent/target/netfault.jar" ] || build_first "no agent/target/netfault.jar"
[ -d "$ROOT/e2e/target/test-classes" ] || build_first "no e2e/target/test-classes"
[ -f "$deps" ] || build_first "no e2e/target/guest.classpath (written by the e2e module's package phase)"
for pom in "$ROOT/pom.xml" "$ROOT/e2e/pom.xml"; do
    [ "$deps" -nt "$pom" ] || build_first "e2e/target/guest.classpath is older than ${pom#"$ROOT"/}"
done

cp=$ROOT/e2e/target/test-classes:$ROOT/agent/target/classes:$ROOT/tc-bridge/target/classes
cp=$cp:$ROOT/tc-bridge/target/test-classes
echo "$cp:$(cat "$deps")"
