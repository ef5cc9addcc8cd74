#!/usr/bin/env bash
# Builds Trainyard (scripts/setup.sh), starts what the integration tests need, and runs the whole test
# suite with CTest. Exits non-zero when any test fails. Per-test timeouts are set in tests/CMakeLists.txt.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

say() { printf '[test] %s\n' "$*"; }

# --tests: also the servers the integration tests start themselves (sshd, ip for network namespaces).
bash scripts/setup.sh --tests

build_dir=${TRAINYARD_BUILD_DIR:-build}

# PIDs of the services this script started; stop_services ends exactly these and nothing else.
started_pids=()

# ---------------------------------------------------------------------------------------------------------
# Services for the integration tests. Start each on loopback, record its PID in started_pids, and export
# what the tests need to find it. Planned: sshd on 127.0.0.1:2222, a one-node Slurm, a session bus with an
# unlocked gnome-keyring. Nothing is needed yet.
start_services() {
  :
}
# ---------------------------------------------------------------------------------------------------------

stop_services() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  started_pids=()
}
trap stop_services EXIT

start_services

say "running the test suite in $build_dir/"
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2
