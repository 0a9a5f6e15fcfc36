#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine (root, .NET SDK present): installs what the tests
# need when it is missing, then prints "N passed, N failed[, N skipped]" alone on a line for CI.
set -euo pipefail
cd "$(dirname "$0")/.."

results=artifacts/test-results
solution=Elsa.Kundportal.sln
# `dotnet new sln` on the .NET 10 SDK writes .slnx.
[ -f "$solution" ] || [ ! -f Elsa.Kundportal.slnx ] || solution=Elsa.Kundportal.slnx

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
# pgbench ships in postgresql-15 too (dpkg -S /usr/lib/postgresql/15/bin/pgbench).
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/lib/postgresql/15/bin/pgbench ]; then
    missing+=(postgresql-15)
fi
if [ ! -x /usr/bin/chromium ]; then
    missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}"
fi

if [ -f src/Host/ClientApp/package.json ]; then
    if ! command -v npm >/dev/null; then
        echo "npm is missing: install Node.js 20.19 or later (Debian 12's nodejs 18 is too old for vite)." >&2
        exit 1
    fi
    (cd src/Host/ClientApp && npm ci && npm run build)
fi

rm -rf "$results"
mkdir -p "$results"
test_status=0
# The designer's unit tests (vitest, in Node): their JUnit report is counted with the .NET results below.
if [ -f src/Host/ClientApp/package.json ]; then
    (cd src/Host/ClientApp && npm test -- --reporter=default --reporter=junit --outputFile.junit="$PWD/../../../$results/designer-unit.junit.xml") || test_status=$?
fi
dotnet test "$solution" -c Release --logger trx --results-directory "$results" || test_status=$?

summary_status=0
python3 - "$results" <<'PY' || summary_status=$?
import glob, sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
keys = ("total", "executed", "passed", "failed", "error", "timeout", "aborted", "notExecuted")
counts = dict.fromkeys(keys, 0)
files = glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True)
for path in files:
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    for key in keys:
        counts[key] += int(counters.get(key, 0)) if counters is not None else 0

# vitest's JUnit report: <testsuites tests= failures= errors= skipped=>.
junit = glob.glob(f"{sys.argv[1]}/*.junit.xml")
for path in junit:
    root = ET.parse(path).getroot()
    suites = root.findall("testsuite") if root.tag == "testsuites" else [root]
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failures = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    counts["total"] += tests
    counts["executed"] += tests - skipped
    counts["passed"] += tests - failures - skipped
    counts["failed"] += failures
files += junit

failed = counts["failed"] + counts["error"] + counts["timeout"] + counts["aborted"]
# xunit's skipped tests show up as total minus executed, not always as notExecuted.
skipped = max(counts["notExecuted"], counts["total"] - counts["executed"])
line = f"{counts['passed']} passed, {failed} failed"
print(line + (f", {skipped} skipped" if skipped else ""))
if not files or counts["executed"] == 0:
    print(f"No tests were executed ({len(files)} result files in {sys.argv[1]}).", file=sys.stderr)
    sys.exit(1)
sys.exit(1 if failed else 0)
PY

if [ "$test_status" -ne 0 ] || [ "$summary_status" -ne 0 ]; then
    exit 1
fi
