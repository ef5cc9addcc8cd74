#!/usr/bin/env bash
# Prepares a Debian 12 machine to build and run Trainyard, then builds it into ./build
# (or $TRAINYARD_BUILD_DIR, relative to the repository root).
# Idempotent: installs only the Debian packages that are missing, and the build is incremental.
# Needs root, or sudo when run as another user.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

build_packages=(
  cmake g++ ninja-build pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qtkeychain-qt6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  # libqt6opengl6-dev (Qt6Charts' CMake config needs Qt6OpenGL) and libqt6sql6-sqlite (the QSQLITE driver)
  # are only Recommends, so --no-install-recommends leaves them out unless they are named.
  libqt6sql6-sqlite
  libgit2-dev libyaml-cpp-dev libxxhash-dev
  xvfb xauth
)
# Interpreter and tools that runs and tests use: the sample trains with Debian's python3 + scikit-learn;
# procps: ps and pkill, which a minimal Debian root lacks, for scripts and tests that look at processes.
runtime_packages=(python3 python3-numpy python3-sklearn git zstd sqlite3 procps)
# The system keychain: libsecret (which QtKeychain loads at run time) and, for the keychain tests, a headless
# gnome-keyring on a private bus (dbus-daemon, dbus-send).
keyring_packages=(gnome-keyring dbus-daemon dbus-bin dbus-x11 libsecret-1-0 libsecret-tools)

say() { printf '[setup] %s\n' "$*"; }

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    say "need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

missing=()
for package in "${build_packages[@]}" "${runtime_packages[@]}" "${keyring_packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
  say "all Debian packages present"
else
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build_dir=${TRAINYARD_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
# A configure that failed leaves no build.ninja, so this also retries after one.
if [ ! -f "$build_dir/build.ninja" ]; then
  say "configuring $build_dir/ (Ninja, RelWithDebInfo)"
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
say "building $build_dir/ with $jobs jobs"
cmake --build "$build_dir" --parallel "$jobs"
say "done: programs are in $build_dir/app/"
