#!/usr/bin/env bash
# Builds Trainyard with what the tests need (scripts/setup.sh --tests) and runs the whole test suite with
# CTest. Exits non-zero when any test fails, after printing the failed tests' output once more at the end.
# Per-test timeouts are set in tests/CMakeLists.txt.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

say() { printf '[test] %s\n' "$*"; }

# --tests: also the servers and tools the integration tests start themselves (each test starts its own
# sshd, Slurm cluster, session bus and keyring, registry), see scripts/setup.sh.
bash scripts/setup.sh --tests

build_dir=${TRAINYARD_BUILD_DIR:-build}

say "running the test suite in $build_dir/"
status=0
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 || status=$?
if [ "$status" -ne 0 ]; then
  # The output of each failed test once more, last: a log cut to its end still says why they failed.
  failed_list="$build_dir/Testing/Temporary/LastTestsFailed.log"
  last_log="$build_dir/Testing/Temporary/LastTest.log"
  if [ -r "$failed_list" ] && [ -r "$last_log" ]; then
    while IFS=: read -r _ name; do
      [ -n "$name" ] || continue
      say "---- output of the failed test $name (its last 200 lines)"
      awk -v name="$name" '
        { line = $0 }
        !on && sub(/^[0-9]+\/[0-9]+ Testing: /, "", line) && line == name { on = 1 }
        on { print }
        on && /^<end of output>$/ { exit }
      ' "$last_log" | tail -n 200
    done <"$failed_list"
  fi
  exit "$status"
fi
