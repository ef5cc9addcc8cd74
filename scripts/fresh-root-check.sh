#!/usr/bin/env bash
# Runs the README's two commands the way a new user's machine would: inside a fresh, minimal Debian 12 root
# (debootstrap --variant=minbase bookworm) holding only the tracked files of HEAD, with a clean environment.
# First `bash scripts/test.sh` (the whole suite), then `bash scripts/run.sh` (no display: the CLI path, the
# bundled sample submitted and followed), then a check that the sample run completed. Last, the .deb is
# built in that root (`cmake --build build --target package`) and scripts/package-check.sh installs it into
# a second fresh root from the same cached base, uses it from the installed files only and purges it.
#
#   bash scripts/fresh-root-check.sh            (as root; .ci/run calls this)
#
# Only committed files are checked (git archive HEAD). The base root is cached as a tarball in
# $TRAINYARD_CI_CACHE_DIR (default /var/cache/trainyard-ci) and rebuilt when missing or unreadable; the
# unpacked root, every apt install and the build are new each time, in a folder under $TRAINYARD_CI_WORK_DIR
# (default /var/tmp) that is removed at the end. $TRAINYARD_CI_MIRROR overrides the Debian mirror, which is
# otherwise the one the machine's own apt sources name.
# Output: the [setup]/[test]/[run] progress lines and CTest's results; the full logs are printed when a step
# fails.
set -euo pipefail

# The whole script is one block, read before any of it runs: a checkout that changes this file while a check
# is running (it takes a while) cannot make bash read on in the new text.
{
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

say() { printf '[fresh-root] %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) printf 'usage: %s\n' "$0" >&2; exit 2 ;;
esac

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot and bind mounts): run it with sudo"

suite=bookworm
cache_dir=${TRAINYARD_CI_CACHE_DIR:-/var/cache/trainyard-ci}
cache_tarball="$cache_dir/$suite-minbase.tar.zst"
work_parent=${TRAINYARD_CI_WORK_DIR:-/var/tmp}
# Generous ceilings well inside CI's 90 minutes, so a hang still ends in a cleanup and a printed log.
test_timeout=${TRAINYARD_CI_TEST_TIMEOUT:-65m}
run_timeout=${TRAINYARD_CI_RUN_TIMEOUT:-10m}
package_timeout=${TRAINYARD_CI_PACKAGE_TIMEOUT:-10m}

case "$cache_dir" in "$repo_root"|"$repo_root"/*) die "the cache must not be inside the checkout: $cache_dir" ;; esac
case "$work_parent" in "$repo_root"|"$repo_root"/*) die "the work folder must not be inside the checkout: $work_parent" ;; esac

# ---------------------------------------------------------------------------------------------------------
# Host tools
# ---------------------------------------------------------------------------------------------------------
host_missing=()
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || host_missing+=(debootstrap)
command -v zstd >/dev/null 2>&1 || host_missing+=(zstd)
command -v git >/dev/null 2>&1 || host_missing+=(git)
if [ "${#host_missing[@]}" -gt 0 ]; then
  say "installing on this machine: ${host_missing[*]}"
  host_log=$(mktemp "${TMPDIR:-/tmp}/trainyard-fresh-root-host.XXXXXX.log")
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${host_missing[@]}"; } \
       </dev/null >"$host_log" 2>&1; then
    cat "$host_log" >&2
    rm -f "$host_log"
    die "could not install ${host_missing[*]} on this machine"
  fi
  rm -f "$host_log"
fi
PATH="$PATH:/usr/sbin:/sbin"

git rev-parse --verify -q HEAD >/dev/null || die "$repo_root has no commit to check (git archive HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  say "note: uncommitted changes are not part of the check (it uses the tracked files of HEAD)"
fi

# The machine's own mirror: the deb822 stanza (or sources.list line) that serves the suite itself, not
# -security or -updates. Only schemes debootstrap can fetch from are taken.
host_mirror() {
  local uri=""
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk -v suite="$suite" '
      function flush() { if (uris != "" && has_suite && first == "") first = uris; uris = ""; has_suite = 0 }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      tolower($1) == "uris:" { uris = $2 }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
      END { flush(); print first }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
    uri=$(sed -e 's/\[[^]]*\]//' /etc/apt/sources.list |
      awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }')
  fi
  case "$uri" in
    http://*|https://*|ftp://*|file:/*) printf '%s\n' "$uri" ;;
    *) printf '%s\n' "http://deb.debian.org/debian" ;;
  esac
}
mirror=${TRAINYARD_CI_MIRROR:-$(host_mirror)}

# ---------------------------------------------------------------------------------------------------------
# The fresh root, its mounts, and their cleanup on every exit path
# ---------------------------------------------------------------------------------------------------------
mkdir -p "$work_parent"
# Canonical, so it compares equal to what /proc/PID/root says for the processes inside.
work=$(realpath "$(mktemp -d "$work_parent/trainyard-fresh-root.XXXXXX")")
root="$work/root"
logs="$work/logs"
mkdir -p "$root" "$logs"
mounted=()   # mount points under $root, in the order they were mounted
step_pid=""  # the background step being waited for, ended first on an interrupt

# mounts_under ROOT and end_processes_in_root (of $root), shared with scripts/package-check.sh.
. "$repo_root/scripts/root-cleanup.sh"

unmount_all() {
  local index target
  # Everything mounted at or below the root, deepest first: what the check mounted, the cgroup hierarchies
  # below it, and what ran inside mounted there (podman's storage, debootstrap's own /proc and /sys when it
  # failed half-way).
  while read -r target; do
    [ -n "$target" ] || continue
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || say "could not unmount $target" >&2
  done < <(mounts_under "$root")
  for ((index = ${#mounted[@]} - 1; index >= 0; index--)); do
    target=${mounted[index]}
    if findmnt -rn -M "$target" >/dev/null 2>&1; then
      umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || say "could not unmount $target" >&2
    fi
  done
  mounted=()
}

cleaned_up=0
cleanup() {
  [ "$cleaned_up" -eq 0 ] || return 0
  cleaned_up=1
  set +e
  end_processes_in_root
  if [ -n "$step_pid" ]; then
    kill "$step_pid" 2>/dev/null
    wait "$step_pid" 2>/dev/null
  fi
  unmount_all
  if [ -n "$(mounts_under "$root")" ]; then
    say "still mounted under $root, left in place:" >&2
    mounts_under "$root" >&2
    return
  fi
  # --one-file-system: even a mount that appeared after the check is never descended into.
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

print_log() {
  local log=$1 lines
  lines=$(wc -l <"$log")
  say "---- $log ($lines lines$([ "$lines" -gt 3000 ] && printf ', the last 3000'))" >&2
  tail -n 3000 "$log" >&2
  say "---- end of $(basename "$log")" >&2
}

bind_mount() {
  local source=$1 target="$root$1"
  mkdir -p "$target"
  mount --bind "$source" "$target"
  mounted+=("$target")
  # Private: nothing mounted or unmounted here propagates back to the machine's own /dev, /proc or /sys.
  mount --make-private "$target" 2>/dev/null || true
}

# The same with every mount below the source (the cgroup hierarchies below /sys/fs/cgroup).
rbind_mount() {
  local source=$1 target="$root$1"
  mkdir -p "$target"
  mount --rbind "$source" "$target"
  mounted+=("$target")
  mount --make-rprivate "$target" 2>/dev/null || true
}

bootstrap_into_root() {
  local log="$logs/debootstrap.log"
  say "debootstrap --variant=minbase $suite from $mirror (log: $log)"
  debootstrap --variant=minbase "$suite" "$root" "$mirror" </dev/null >"$log" 2>&1 &
  step_pid=$!
  local status=0
  wait "$step_pid" || status=$?
  step_pid=""
  if [ "$status" -ne 0 ]; then
    print_log "$log"
    [ -r "$root/debootstrap/debootstrap.log" ] && print_log "$root/debootstrap/debootstrap.log"
    die "debootstrap failed"
  fi
  unmount_all
  mkdir -p "$cache_dir"
  local partial
  partial=$(mktemp "$cache_dir/.$suite-minbase.XXXXXX.tar.zst")
  if tar -C "$root" --numeric-owner --xattrs -cf - . 2>>"$log" | zstd -q -T0 -3 -o "$partial" -f 2>>"$log"; then
    chmod 0644 "$partial"
    mv -f "$partial" "$cache_tarball"
    say "cached the base root as $cache_tarball"
  else
    rm -f "$partial"
    say "could not write $cache_tarball; going on without a cache" >&2
  fi
}

unpack_cached_root() {
  [ -r "$cache_tarball" ] || return 1
  zstd -q -dc "$cache_tarball" 2>/dev/null | tar -C "$root" --numeric-owner --xattrs -xf - 2>/dev/null || return 1
  [ -x "$root/usr/bin/apt-get" ] && [ -x "$root/bin/bash" ]
}

# One run at a time builds the cache; a second waits for it rather than racing on the tarball.
mkdir -p "$cache_dir"
exec {cache_lock}>"$cache_dir/.lock"
flock "$cache_lock"
if unpack_cached_root; then
  say "base root from $cache_tarball"
else
  if [ -e "$cache_tarball" ]; then
    say "$cache_tarball is unreadable: rebuilding it"
    rm -f "$cache_tarball"
  fi
  # A half-unpacked root is not a fresh one.
  rm -rf --one-file-system "$root"
  mkdir -p "$root"
  bootstrap_into_root
fi
flock -u "$cache_lock"
exec {cache_lock}>&-

# Services never start on install, as on the development and CI machines; a daemon started by a
# postinst would otherwise outlive the check inside the root.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
[ -s "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
# A fresh, empty /tmp of the root's own.
rm -rf --one-file-system "$root/tmp"
mkdir -m 1777 "$root/tmp"

mkdir -p "$root/src"
git archive --format=tar HEAD | tar -C "$root/src" -xf -
say "checking $(git rev-parse --short HEAD) ($(git log -1 --format=%s HEAD | cut -c1-80))"

# The root is a mount point of its own: podman's storage remounts / inside its chroot while it unpacks an
# image layer, which fails where / is only a folder of the machine's root file system.
mount --bind "$root" "$root"
mounted+=("$root")
mount --make-private "$root" 2>/dev/null || true
bind_mount /dev
bind_mount /dev/pts
bind_mount /proc
bind_mount /sys
# podman and runc need the cgroup hierarchies, each a mount of its own below /sys/fs/cgroup (the plain bind
# of /sys above has none of them). Container storage stays inside the root (/var/lib/containers), on the
# work folder's file system.
rbind_mount /sys/fs/cgroup

in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@" </dev/null
}

# What stays on screen: progress of the scripts and CTest's per-test results and summary. Everything,
# apt and the compiler included, goes to the step's log.
show_progress() {
  # grep rather than awk: mawk reads its input in blocks, which would hold the progress back.
  grep --line-buffered -E \
    -e '^\[(setup|test|run)\]' \
    -e '^CPack: - package' \
    -e 'Test +#[0-9]+:' \
    -e 'tests passed, [0-9]+ tests failed' \
    -e '^Total Test time' \
    -e '^The following tests' \
    -e '^[[:space:]]+[0-9]+ - .*\(' \
    -e '^Errors while running CTest' \
    -e '^(CMake Error|ninja: build stopped|FAILED:)' || true
}

run_step() {
  local name=$1 limit=$2 command=$3 log="$logs/$1.log" status_file="$logs/$1.status" status
  say "$name: $command (timeout $limit)"
  # In the background and waited for: bash runs a signal's trap only once the foreground job is over, and
  # `wait` returns at once, so an interrupt unmounts now rather than when the step ends.
  (
    set +e
    in_root timeout --kill-after=30s "$limit" bash -c "cd /src && $command" 2>&1 | tee "$log" | show_progress
    echo "${PIPESTATUS[0]}" >"$status_file"
  ) &
  step_pid=$!
  wait "$step_pid" || true
  step_pid=""
  status=$(cat "$status_file" 2>/dev/null || echo 1)
  if [ "$status" -ne 0 ]; then
    [ "$status" -eq 124 ] && say "$name ran past $limit" >&2
    print_log "$log"
    die "$name failed in the fresh root (exit $status): $command"
  fi
  say "$name passed"
}

started=$SECONDS
run_step test "$test_timeout" "bash scripts/test.sh"
run_step run "$run_timeout" "bash scripts/run.sh"

# run.sh's exit status already says whether the sample completed; read the record too, so a run.sh that
# lost its exit status cannot pass.
status_log="$logs/status.log"
if ! in_root bash -c 'set -o pipefail; cd /src && build/app/trainyard-cli runs --json | /usr/bin/python3 -c "
import json, sys
runs = json.load(sys.stdin)
runs = runs.get(\"runs\", []) if isinstance(runs, dict) else runs
if not runs:
    sys.exit(\"no run recorded\")
print(runs[0].get(\"id\"), runs[0].get(\"status\"))
"' >"$status_log" 2>&1; then
  print_log "$status_log"
  die "could not read the sample run back with trainyard-cli runs --json"
fi
latest=$(tail -n 1 "$status_log")
case "$latest" in
  *" Completed") say "sample run $latest" ;;
  *) print_log "$logs/run.log"; die "the sample run did not complete: $latest" ;;
esac

# The .deb, built from the build root's build, then installed and used in a second fresh root made from the
# same cached base; apt's lists and archives come from the build root, so nothing is downloaded twice.
package_started=$SECONDS
run_step package "$package_timeout" "cmake --build build --target package"
# HEAD's copy of the script, like everything else checked. Waited for in the background as run_step does, so
# an interrupt reaches it (its own trap then cleans up its root) before this script's cleanup runs.
TRAINYARD_CI_CACHE_DIR="$cache_dir" TRAINYARD_CI_WORK_DIR="$work" \
  bash "$root/src/scripts/package-check.sh" --apt-from "$root" "$root/src/build" &
step_pid=$!
package_status=0
wait "$step_pid" || package_status=$?
step_pid=""
[ "$package_status" -eq 0 ] ||
  die "the package check failed (exit $package_status): scripts/package-check.sh --apt-from ROOT $root/src/build"
say "package built and checked in $((SECONDS - package_started)) s"
say "passed in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
exit 0
}
