#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds, runs every test project.
# Real-data tests read ../shared/data (set CHESTSCREENER_DATA to point elsewhere); without it they skip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
dotnet build ChestScreener.slnx -c Release --nologo -v q -clp:NoSummary
# -m:1: one test project at a time, so the timing-sensitive server, cluster and PACS tests do not share the cores
# with the rest of the suite; the console logger at "minimal" prints each failure's message and stack.
status=0
dotnet test ChestScreener.slnx -c Release --no-build --nologo -v q -m:1 --logger "console;verbosity=minimal" \
  -- RunConfiguration.TestSessionTimeout=2400000 2>&1 | tee artifacts/test.log || status=$?
# One plain closing line for CI readers.
python_sum() { awk '/Passed!|Failed!/ { for (i=1;i<=NF;i++) { if ($i=="Failed:") f+=$(i+1); if ($i=="Passed:") p+=$(i+1); if ($i=="Skipped:") s+=$(i+1) } } END { gsub(",","",p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test.log; }
python_sum
exit $status
