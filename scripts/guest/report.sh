#!/usr/bin/env bash
# Guest-kernel lane, the report: copies the guest's JUnit reports and the console log to <reports dir>, sums the
# reports, prints the wall time and "guest: N passed, N failed, N skipped", and exits 0 only when the guest's JUnit
# exited 0, nothing failed and something passed (inside the lane nothing may be skipped for lack of netem).
#
#   scripts/guest/report.sh <results dir> <console log> <reports dir> <qemu exit> <timeout s> <lane start> <boot start>
#   (the two starts in seconds since the epoch)
set -Eeuo pipefail
trap 'echo "report.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
if [ "$#" != 7 ]; then
    echo "usage: $0 <results dir> <console log> <reports dir> <qemu exit> <timeout s> <lane start> <boot start>" >&2
    exit 2
fi
RESULTS=$1 CONSOLE=$2 REPORTS=$3 QRC=$4 TIMEOUT=$5 STARTED=$6 BOOTED=$7

rm -rf "$REPORTS"
mkdir -p "$REPORTS"
cp -r "$RESULTS/." "$REPORTS/"
cp "$CONSOLE" "$REPORTS/console.log"
guest_rc=$(cat "$RESULTS/exit-code" 2>/dev/null || echo none)

# The sum of one attribute of every <testsuite> element of the JUnit XML reports (0 when there are none).
sum_attr() {
    local xml=("$REPORTS"/reports/*.xml)
    if [ ! -f "${xml[0]}" ]; then echo 0; return; fi
    { grep -ho "<testsuite [^>]*" "${xml[@]}" || true; } | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" \
        | awk '{s += $1} END {print s + 0}'
}
tests=$(sum_attr tests)
failures=$(sum_attr failures)
errors=$(sum_attr errors)
skipped=$(sum_attr skipped)
passed=$((tests - failures - errors - skipped))
failed=$((failures + errors))
now=$(date +%s)
echo "guest-lane: wall time $((now - STARTED)) s (guest boot to halt $((now - BOOTED)) s); qemu exit $QRC;" \
    "guest exit code $guest_rc; reports in $REPORTS" >&2
echo "guest: $passed passed, $failed failed, $skipped skipped"
if [ "$QRC" = 124 ]; then
    echo "guest-lane: timed out after ${TIMEOUT}s" >&2
    exit 1
fi
if [ "$guest_rc" = 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ]; then
    exit 0
fi
exit 1
