#!/usr/bin/env bash
# The main job: prepares and builds Trainyard (scripts/setup.sh), then runs the bundled sample project.
# With a display and the desktop app built, it opens the app on resources/sample; otherwise (or with --cli)
# it submits the sample through trainyard-cli, waits for it, and prints the run, its metrics and files.
# The workspace is trainyard-cli's default, or $TRAINYARD_WORKSPACE when set.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

force_cli=0
case "${1:-}" in
  --cli) force_cli=1 ;;
  "") ;;
  *) printf 'usage: %s [--cli]\n' "$0" >&2; exit 2 ;;
esac

say() { printf '[run] %s\n' "$*"; }

bash scripts/setup.sh

build_dir=${TRAINYARD_BUILD_DIR:-build}
gui="$build_dir/app/trainyard"
cli="$build_dir/app/trainyard-cli"
sample=resources/sample

if [ "$force_cli" -eq 0 ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; } && [ -x "$gui" ]; then
  say "opening the sample project in the desktop app"
  exec "$gui" "$sample"
fi

if [ ! -x "$cli" ]; then
  say "$cli was not built" >&2
  exit 1
fi
if [ -n "${TRAINYARD_WORKSPACE:-}" ]; then
  say "workspace: $TRAINYARD_WORKSPACE (from TRAINYARD_WORKSPACE)"
fi

say "submitting $sample/estimator.yml to the local target and following it (Ctrl+C stops following; the run goes on)"
# submit --wait prints the new run's id, then streams the run's output from its first byte until it ends, and
# exits non-zero when the run did not complete. Following from the submit on leaves no window in which the
# run could end before the follow begins. The run itself goes on in a detached runner.
submit_out=$(mktemp "${TMPDIR:-/tmp}/trainyard-run.XXXXXX")
trap 'rm -f "$submit_out"' EXIT
submit_status=0
"$cli" submit "$sample/estimator.yml" --wait | tee "$submit_out" || submit_status=$?
run_id=$(head -n 1 "$submit_out")
if [ -z "$run_id" ]; then
  say "trainyard-cli submit printed no run id (it exited with $submit_status)" >&2
  exit 1
fi

say "run $run_id"
"$cli" show "$run_id"
say "metrics of $run_id"
"$cli" metrics "$run_id"
say "files of $run_id"
"$cli" files "$run_id"

# Where things are, from the run's own record, so this stays right whatever the workspace is.
"$cli" show "$run_id" --json | /usr/bin/python3 -c '
import json, os, sys
run = json.load(sys.stdin)
workspace = run.get("workspace") or os.environ.get("TRAINYARD_WORKSPACE") or "the default workspace"
print("[run] workspace: " + workspace)
for key in ("snapshot_dir", "outputs_dir", "logs_dir", "log_path"):
    if run.get(key):
        print("[run] " + key.replace("_", " ") + ": " + str(run[key]))
print("[run] metrics: trainyard-cli metrics " + run["id"] + " [--json]")
'

if [ "$submit_status" -ne 0 ]; then
  say "the run did not complete (trainyard-cli submit exited with $submit_status)" >&2
fi
exit "$submit_status"
