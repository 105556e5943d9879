#!/usr/bin/env bash
# Builds and runs every test (unit and integration, against real Azurite and simulators on 127.0.0.1),
# then prints one plain closing line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
config="${1:-Release}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test Fisikal.Sync.slnx -c "$config" --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)
if [ -z "$summary" ]; then
  echo "0 passed, 1 failed (the test run printed no result; see above)"
  exit 1
fi
failed=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$summary")
passed=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
skipped=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
