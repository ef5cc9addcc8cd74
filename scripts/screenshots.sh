#!/usr/bin/env bash
# Writes the README's screenshots: builds Trainyard (scripts/setup.sh), makes a temporary workspace with one
# failed run (the bundled sample on a broken data set: scikit-learn raises ValueError) and three runs of the
# sample with different regularization, registers the first two runs' outputs/model.pkl as versions 1 and 2 of
# model `sample-classifier`, then lets `trainyard --screenshots` photograph the main views under Xvfb: runs,
# logs, metrics, artifacts, the estimator form, models, the comparison of the three runs (table and parallel
# coordinates), the failed run's cause and an artifact preview.
#
#   scripts/screenshots.sh [--language tr] [OUTPUT_DIR]
#
# OUTPUT_DIR defaults to docs/screenshots (docs/screenshots/tr with --language tr), relative to the repository
# root. --language tr photographs the Turkish window: Settings → Language set to Türkçe and the Turkish locale
# for numbers and dates (Qt reads it from LANG; the C library may lack it, which only costs a warning).
#
# $TRAINYARD_BUILD_DIR picks the build folder (default build/); TRAINYARD_SKIP_SETUP=1 uses it as it is.
# Nothing is written outside OUTPUT_DIR and a temporary folder that is removed at the end.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

say() { printf '[screenshots] %s\n' "$*"; }

language=en
case "${1:-}" in
  -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  --language)
    language=${2:-}
    case "$language" in
      en|tr) ;;
      *) say "--language takes en or tr, not '${language}'" >&2; exit 2 ;;
    esac
    shift 2 ;;
esac
if [ "$language" = tr ]; then
  out_dir=${1:-docs/screenshots/tr}
else
  out_dir=${1:-docs/screenshots}
fi

if [ "${TRAINYARD_SKIP_SETUP:-0}" != 1 ]; then
  bash scripts/setup.sh
fi
build_dir=${TRAINYARD_BUILD_DIR:-build}
gui="$repo_root/$build_dir/app/trainyard"
cli="$repo_root/$build_dir/app/trainyard-cli"
for program in "$gui" "$cli"; do
  [ -x "$program" ] || { say "missing $program: build it first (scripts/setup.sh)" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { say "xvfb-run is missing: apt-get install xvfb xauth" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/trainyard-screenshots.XXXXXX")
trap 'rm -rf "$work"' EXIT
workspace="$work/workspace"
project="$work/sample"
# The runs write into their own folders, but a copy keeps resources/sample clean whatever happens.
cp -r resources/sample "$project"
# A git repository, so the run summary and the form show a branch and commit like a real project's.
git -C "$project" init -q -b main
git -C "$project" add -A
git -C "$project" -c user.name=Trainyard -c user.email=screenshots@trainyard.invalid \
  commit -q -m "Sample classifier"

# Window settings (splitter sizes, recent workspaces) of the person running this must not leak in, nor ours out.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
# The language of the pictures, as Settings → Language would save it (QSettings of organization and
# application "trainyard").
mkdir -p "$XDG_CONFIG_HOME/trainyard"
printf '[ui]\nlanguage=%s\n' "$language" >"$XDG_CONFIG_HOME/trainyard/trainyard.conf"
gui_locale=()
if [ "$language" = tr ]; then
  gui_locale=(env LANG=tr_TR.UTF-8 LANGUAGE=tr)
fi
export TRAINYARD_WORKSPACE="$workspace"

# The failed run first, so that it is the oldest and the pictures of a finished run show the newest runs.
# Its data set has 500 rows of features but 400 labels: the sample's own train_test_split call raises
# "ValueError: Found input variables with inconsistent numbers of samples", a real traceback in its stderr.
bad_data="$work/exported-data"
mkdir -p "$bad_data"
/usr/bin/python3 - "$bad_data/data.npz" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(3)
np.savez(sys.argv[1], X=rng.normal(size=(500, 40)), y=rng.integers(0, 3, size=400))
PY
say "training the sample on a data set with fewer labels than rows (this run fails)"
if "$cli" --workspace "$workspace" submit "$project/estimator.yml" \
    --param "--data-folder=$bad_data" --wait >"$work/failed.out" 2>"$work/failed.err"; then
  say "the run on the broken data set did not fail" >&2
  exit 1
fi
failed_id=$(head -n 1 "$work/failed.out")
# `show` prints the Cause line the run page shows.
"$cli" --workspace "$workspace" show "$failed_id" >"$work/failed.show"
grep -q 'ValueError' "$work/failed.show" \
  || { say "run $failed_id failed without the expected ValueError:" >&2; cat "$work/failed.show" "$work/failed.err" >&2; exit 1; }

run_ids=()
version=0
for regularization in 0.001 0.01 0.1; do
  say "training the sample with --regularization=$regularization"
  # stdout: the run id, then the run's own output; the run id is the first line.
  "$cli" --workspace "$workspace" submit "$project/estimator.yml" \
    --param "--regularization=$regularization" --wait >"$work/submit.out"
  run_id=$(head -n 1 "$work/submit.out")
  run_ids+=("$run_id")
  version=$((version + 1))
  [ "$version" -le 2 ] || continue
  "$cli" --workspace "$workspace" register-model "$run_id" --name sample-classifier --path outputs/model.pkl \
    --description "SGD classifier, L2 regularization $regularization" \
    --tag "regularization=$regularization" --tag framework=scikit-learn
done
say "runs: ${run_ids[*]}; failed: $failed_id"

mkdir -p "$out_dir"
rm -f "$out_dir"/[0-9][0-9]-*.png
say "photographing the views into $out_dir/"
"${gui_locale[@]}" xvfb-run -a -s '-screen 0 1440x900x24' \
  "$gui" --workspace "$workspace" --screenshots "$out_dir" "$project"
say "done: $(printf '%s ' "$out_dir"/[0-9][0-9]-*.png)"
