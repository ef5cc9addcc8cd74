#!/usr/bin/env bash
# Installs a built Trainyard .deb into a fresh, minimal Debian 12 root and uses it from the installed files
# only, as a new user would: `apt-get install ./trainyard_*.deb`, the programs' --version, the bash
# completion, the packaged sample submitted with the installed trainyard-cli and followed to completion, the
# installed desktop app started offscreen until its first paint, then `apt-get remove` and `apt-get purge`,
# after each of which no file of the package may be left but the user's workspace. A file missing from the
# package fails it.
#
#   bash scripts/package-check.sh [--apt-from ROOT] DEB|BUILD_DIR     (as root)
#
# DEB is the package (BUILD_DIR: the newest trainyard_*.deb in it; `cmake --build build --target package`
# writes one). The root is unpacked from the base root tarball that scripts/fresh-root-check.sh caches
# ($TRAINYARD_CI_CACHE_DIR, default /var/cache/trainyard-ci; made with debootstrap when it is missing), in a
# folder under $TRAINYARD_CI_WORK_DIR (default /var/tmp) removed at the end. --apt-from ROOT: apt's package
# lists and downloaded archives are taken from ROOT (fresh-root-check.sh's build root, or / on a development
# machine) instead of fetched again, which keeps the check to about a minute (what is still downloaded is
# added to ROOT's archives); nothing is installed from ROOT.
# Output: [package] progress lines; the log of a failed step is printed.
set -euo pipefail

{
say() { printf '[package] %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }
usage() { printf 'usage: %s [--apt-from ROOT] DEB|BUILD_DIR\n' "$0" >&2; exit 2; }

apt_from=""
input=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --apt-from) [ "$#" -ge 2 ] || usage; apt_from=$2; shift 2 ;;
    -*) usage ;;
    *) [ -z "$input" ] || usage; input=$1; shift ;;
  esac
done
[ -n "$input" ] || usage
if [ -d "$input" ]; then
  deb=$(ls -t "$input"/trainyard_*.deb 2>/dev/null | head -n 1 || true)
  [ -n "$deb" ] || die "no trainyard_*.deb in $input: build it with cmake --build $input --target package"
else
  deb=$input
fi
[ -f "$deb" ] || die "no such package: $deb"
case "$(basename "$deb")" in trainyard_*.deb) ;; *) die "not a trainyard package: $deb (want trainyard_*.deb)" ;; esac
deb=$(realpath "$deb")
if [ -n "$apt_from" ]; then
  [ -d "$apt_from/var/lib/apt/lists" ] && [ -d "$apt_from/var/cache/apt/archives" ] ||
    die "--apt-from $apt_from: no var/lib/apt/lists and var/cache/apt/archives there"
  apt_from=$(realpath "$apt_from")
fi
[ "$(id -u)" -eq 0 ] || die "needs root (chroot and bind mounts): run it with sudo"
PATH="$PATH:/usr/sbin:/sbin"
command -v zstd >/dev/null 2>&1 || die "needs zstd (apt-get install zstd)"
command -v dpkg-deb >/dev/null 2>&1 || die "needs dpkg-deb"

suite=bookworm
cache_dir=${TRAINYARD_CI_CACHE_DIR:-/var/cache/trainyard-ci}
cache_tarball="$cache_dir/$suite-minbase.tar.zst"
work_parent=${TRAINYARD_CI_WORK_DIR:-/var/tmp}
step_timeout=${TRAINYARD_PACKAGE_STEP_TIMEOUT:-5m}
version=$(dpkg-deb -f "$deb" Version)
user=trainee

mkdir -p "$work_parent"
work=$(realpath "$(mktemp -d "$work_parent/trainyard-package-check.XXXXXX")")
root="$work/root"
logs="$work/logs"
mkdir -p "$root" "$logs"
mounted=()

# Cleanup as in fresh-root-check.sh: processes whose root is this root first (a runner the check started),
# then every mount at or below it, deepest first, then the folder, never descending into a mount.
. "$(dirname "${BASH_SOURCE[0]}")/root-cleanup.sh"
cleaned_up=0
cleanup() {
  [ "$cleaned_up" -eq 0 ] || return 0
  cleaned_up=1
  set +e
  end_processes_in_root
  local target
  while read -r target; do
    [ -n "$target" ] || continue
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || say "could not unmount $target" >&2
  done < <(mounts_under "$root")
  if [ -n "$(mounts_under "$root")" ]; then
    say "still mounted under $root, left in place" >&2
    return
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

bind_mount() {
  local source=$1 target=$2
  mkdir -p "$target"
  mount --bind "$source" "$target"
  mount --make-private "$target" 2>/dev/null || true
}

# The base root: the tarball fresh-root-check.sh caches, made here the same way when there is none yet.
mkdir -p "$cache_dir"
exec {cache_lock}>"$cache_dir/.lock"
flock "$cache_lock"
if [ ! -r "$cache_tarball" ]; then
  command -v debootstrap >/dev/null 2>&1 || die "no $cache_tarball and no debootstrap to make it"
  mirror=${TRAINYARD_CI_MIRROR:-http://deb.debian.org/debian}
  say "no $cache_tarball: debootstrap --variant=minbase $suite from $mirror"
  if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" </dev/null >"$logs/debootstrap.log" 2>&1; then
    tail -n 50 "$logs/debootstrap.log" >&2
    die "debootstrap failed"
  fi
  while read -r target; do umount "$target" 2>/dev/null || umount -l "$target"; done < <(mounts_under "$root")
  partial=$(mktemp "$cache_dir/.$suite-minbase.XXXXXX.tar.zst")
  tar -C "$root" --numeric-owner --xattrs -cf - . | zstd -q -T0 -3 -o "$partial" -f
  chmod 0644 "$partial"
  mv -f "$partial" "$cache_tarball"
  say "cached the base root as $cache_tarball"
  rm -rf --one-file-system "$root"
  mkdir -p "$root"
fi
zstd -q -dc "$cache_tarball" | tar -C "$root" --numeric-owner --xattrs -xf - ||
  die "cannot unpack $cache_tarball (remove it to have it made again)"
flock -u "$cache_lock"
exec {cache_lock}>&-
[ -x "$root/usr/bin/apt-get" ] || die "$cache_tarball holds no Debian root"

printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
[ -s "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
rm -rf --one-file-system "$root/tmp"
mkdir -m 1777 "$root/tmp"
for dir in /dev /dev/pts /proc /sys; do
  bind_mount "$dir" "$root$dir"
done
if [ -n "$apt_from" ]; then
  # The lists are copied (apt locks and rewrites them); the archives are shared, so what this install
  # downloads is there for the next one.
  rm -rf "$root/var/lib/apt/lists"
  cp -a "$apt_from/var/lib/apt/lists" "$root/var/lib/apt/lists"
  rm -f "$root/var/lib/apt/lists/lock"
  bind_mount "$apt_from/var/cache/apt/archives" "$root/var/cache/apt/archives"
fi
cp "$deb" "$root/tmp/"
deb_in_root="/tmp/$(basename "$deb")"

# Each command inside the root, with a clean environment and a ceiling, so a hang still ends in the cleanup.
in_root() {
  chroot "$root" /usr/bin/timeout --kill-after=10s "$step_timeout" /usr/bin/env -i HOME=/root \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@" </dev/null
}
# As the user (by number: the name exists only inside the root), with a login's environment and nothing
# of this machine's.
as_user() {
  chroot --userspec="$user_ids" "$root" /usr/bin/timeout --kill-after=10s "$step_timeout" /usr/bin/env -i \
    HOME="/home/$user" USER="$user" PATH=/usr/bin:/bin LANG=C.UTF-8 XDG_RUNTIME_DIR="/tmp/$user-runtime" \
    "$@" </dev/null
}

# One step: its output to its log, the log printed and the check failed when it fails or runs too long. In
# the background and waited for, so an interrupt runs the cleanup now (which ends the processes in the
# root) rather than when the step is over.
step() {
  local name=$1 log="$logs/$1.log" status=0 pid
  shift
  "$@" >"$log" 2>&1 &
  pid=$!
  wait "$pid" || status=$?
  if [ "$status" -ne 0 ]; then
    say "---- $name log" >&2
    tail -n 200 "$log" >&2
    say "---- end of $name log" >&2
    die "$name failed (exit $status)"
  fi
}

started=$SECONDS
say "installing $(basename "$deb") (version $version) into a fresh $suite root"
if [ -z "$apt_from" ]; then
  step apt-update in_root apt-get update -q
fi
# Without Recommends: the package's Depends alone must be enough for the CLI, a local run and the desktop
# app offscreen. The sample's own needs, NumPy and scikit-learn, come with it, as its README says.
# --force-unsafe-io: no fsync per file in a root that is thrown away (the install takes about half as long).
step install in_root apt-get install -y -q --no-install-recommends -o DPkg::Options::=--force-unsafe-io \
  "$deb_in_root" python3-numpy python3-sklearn
in_root dpkg-query -L trainyard >"$logs/files.txt"
[ -s "$logs/files.txt" ] || die "dpkg knows no files of trainyard after the install"
say "installed $(grep -c . "$logs/files.txt") paths in $((SECONDS - started)) s ($(grep -cE '^Get:[0-9]+ (https?|ftp|file):' "$logs/install.log" || true) packages downloaded)"

expect_output() {
  local what=$1 expected=$2 actual
  shift 2
  actual=$("$@" 2>&1) || die "$what failed: $actual"
  [ "$actual" = "$expected" ] || die "$what printed \"$actual\", not \"$expected\""
}
for program in trainyard-cli trainyard-runner trainyard-askpass; do
  expect_output "$program --version" "$program ${version%%-*}" in_root "/usr/bin/$program" --version
done
say "trainyard-cli, trainyard-runner and trainyard-askpass --version: ${version%%-*}"
for path in /usr/share/man/man1/trainyard-cli.1.gz /usr/share/bash-completion/completions/trainyard-cli \
  /usr/share/applications/io.trainyard.Trainyard.desktop /usr/share/metainfo/io.trainyard.Trainyard.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/io.trainyard.Trainyard.svg \
  /usr/share/icons/hicolor/256x256/apps/io.trainyard.Trainyard.png; do
  [ -s "$root$path" ] || die "the package has no $path"
done
expect_output "the bash completion of 'trainyard-cli subm'" submit in_root bash -c \
  'source /usr/share/bash-completion/completions/trainyard-cli; COMP_WORDS=(trainyard-cli subm); COMP_CWORD=1
   _trainyard_cli; printf "%s\n" "${COMPREPLY[@]}"'

in_root useradd --create-home --shell /bin/bash "$user"
user_ids="$(in_root id -u "$user"):$(in_root id -g "$user")"
as_user mkdir -m 0700 "/tmp/$user-runtime"
step copy-sample as_user cp -r /usr/share/doc/trainyard/examples/sample "/home/$user/sample"
say "submitting the packaged sample as $user with the installed trainyard-cli"
step submit as_user trainyard-cli submit "/home/$user/sample/estimator.yml" --wait
run_id=$(head -n 1 "$logs/submit.log")
[ -n "$run_id" ] || die "trainyard-cli submit printed no run id"
step show as_user trainyard-cli show "$run_id" --json
grep -q '"status": "Completed"' "$logs/show.log" ||
  { cat "$logs/show.log" "$logs/submit.log" >&2; die "the sample run $run_id did not complete"; }
workspace="/home/$user/.local/share/trainyard/workspace"
[ -d "$root$workspace/runs/$run_id" ] || die "the run $run_id is not in the default workspace $workspace"
say "sample run $run_id Completed in the default workspace"

say "starting the installed trainyard offscreen"
step gui as_user env QT_QPA_PLATFORM=offscreen TRAINYARD_EXIT_AFTER_FIRST_PAINT=1 trainyard
grep -q 'first-paint-ms' "$logs/gui.log" || { cat "$logs/gui.log" >&2; die "trainyard did not paint its window"; }
say "trainyard painted: $(grep -o 'first-paint-ms.*' "$logs/gui.log" | head -n 1)"

# After `apt-get remove`, and again after the purge: every path the package had is gone, or belongs to
# another package too (a shared folder such as /usr/share/man/man1).
check_nothing_left() {
  local how=$1 path left=()
  while read -r path; do
    [ -n "$path" ] && [ "$path" != /. ] || continue
    if [ -e "$root$path" ] || [ -L "$root$path" ]; then
      in_root dpkg-query -S "$path" >/dev/null 2>&1 || left+=("$path")
    fi
  done <"$logs/files.txt"
  if [ "${#left[@]}" -gt 0 ]; then
    printf '  %s\n' "${left[@]}" >&2
    die "$how left ${#left[@]} paths of the package behind"
  fi
  [ -d "$root$workspace/runs/$run_id" ] || die "$how removed the user's workspace"
}
step remove in_root apt-get remove -y -q trainyard
check_nothing_left "apt-get remove"
# Installed again (its dependencies are still there: seconds) for the purge, which apt cannot find once a
# package without conffiles is removed.
step reinstall in_root apt-get install -y -q --no-install-recommends "$deb_in_root"
step purge in_root apt-get purge -y -q trainyard
check_nothing_left "apt-get purge"
in_root dpkg-query -W -f='${db:Status-Abbrev}' trainyard 2>/dev/null | grep -q '^i' &&
  die "dpkg still has trainyard installed after the purge"
say "removed and purged: no file of the package left; the user's workspace is kept"
say "passed in $((SECONDS - started)) s"
exit 0
}
