#!/usr/bin/env bash
# Builds Release and runs every MemoryBank benchmark (1–3 minutes on 2 cores).
# Prints the Markdown report on stdout; progress goes to stderr. The report and every raw sample are
# written to bench/results/ (gitignored): bench-<UTC stamp>.md, bench-<UTC stamp>.json and latest.md.
# Extra arguments go to the harness, e.g.:
#   bash bench/run.sh --quick                  smoke run: small inputs, few iterations (do not quote)
#   bash bench/run.sh --suites merge,driver    only some suites (merge, driver, sync)
#   bash bench/run.sh --alt-cli /path/to/memory-bank   time another CLI build beside the shipped one
# See docs/performance.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "run.sh: building MemoryBank.sln (Release)..." >&2
dotnet build MemoryBank.sln -c Release -nologo -v quiet >&2

cli="$root/out/MemoryBank/memory-bank"
if [[ ! -x "$cli" ]]; then
    echo "run.sh: the build did not produce $cli." >&2
    exit 1
fi

exec dotnet "$root/bench/MemoryBank.Bench/bin/Release/net10.0/MemoryBank.Bench.dll" \
    --cli "$cli" --out "$root/bench/results" "$@"
