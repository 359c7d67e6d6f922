# Shared prelude of the shell test scripts (sourced: . "$(dirname "$0")/../lib/steps.sh").
# Sets top (the tree), work (a temporary folder removed at exit), version (core/version.h),
# and step NAME COMMAND...: runs the command quietly, counts it in passed/failed, and on
# failure prints FAIL NAME and the end of its output.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
step() {
    name=$1
    shift
    if "$@" >"$work/step.log" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        tail -n 30 "$work/step.log"
    fi
}
version=$(sed -n 's/^#define VTWS_VERSION "\(.*\)"/\1/p' "$top/core/version.h")
