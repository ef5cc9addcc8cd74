#!/usr/bin/env bash
# Prepares a Debian 12 machine to build and run Trainyard, then builds it into ./build
# (or $TRAINYARD_BUILD_DIR, relative to the repository root).
# Idempotent: installs only the Debian packages that are missing, and the build is incremental.
# Needs root, or sudo when run as another user.
# --tests: also the servers the test suite starts itself (openssh-server with the system sshd kept off,
# iproute2, passwd, a two-node Slurm with munge and, for accounting, MariaDB and slurmdbd), the container
# engine its container runs use (podman, see write_containers_conf) and what distributed runs need (Open MPI,
# mpi4py and PyTorch for Debian's python3); scripts/test.sh passes it.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

build_packages=(
  cmake g++ ninja-build pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qtkeychain-qt6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  # libqt6opengl6-dev (Qt6Charts' CMake config needs Qt6OpenGL) and libqt6sql6-sqlite (the QSQLITE driver)
  # are only Recommends, so --no-install-recommends leaves them out unless they are named.
  libqt6sql6-sqlite
  # Qt SVG: the charts' SVG export (QSvgGenerator) and the SVG previews of artifacts.
  qt6-svg-dev
  libgit2-dev libyaml-cpp-dev libxxhash-dev
  xvfb xauth
  # Qt's own translations (qtbase_tr.qm): the standard buttons and dialogs of the Turkish window.
  qt6-translations-l10n
  # The .deb (cmake --build build --target package): dpkg-shlibdeps (dpkg-dev) turns the linked libraries
  # into its Depends, and CPack finds the ELF files to look at with file.
  dpkg-dev file
)
# Interpreter and tools that runs and tests use: the sample trains with Debian's python3 + scikit-learn;
# procps: ps and pkill, which a minimal Debian root lacks, for scripts and tests that look at processes.
runtime_packages=(python3 python3-numpy python3-sklearn git zstd sqlite3 procps)
# The system keychain: libsecret (which QtKeychain loads at run time) and, for the keychain tests, a headless
# gnome-keyring on a private bus (dbus-daemon, dbus-send).
keyring_packages=(gnome-keyring dbus-daemon dbus-bin dbus-x11 libsecret-1-0 libsecret-tools)
# The ssh target runs the OpenSSH client.
ssh_packages=(openssh-client rsync)
# Only with --tests (scripts/test.sh): the real servers the tests start themselves (an sshd of their own per
# test, a second host in a network namespace through ip, a throwaway password user through useradd/chpasswd
# from passwd). No system-wide sshd: see install_packages. The container runs use podman with runc, on test
# images built from this machine's own files (no registry is reachable; catatonit is their PID 1, passing a
# cancel's SIGTERM on to the job): busybox-static for a shell-only root, and Debian's python3 with
# python3-venv (ensurepip's wheels) for one with Python. A private registry of their own (docker-registry,
# its htpasswd users from apache2-utils) serves the registry-login tests.
# The Slurm test cluster (scripts/slurm-cluster.sh): slurm-wlm (slurmctld, slurmd, the client commands),
# munge, libpmix-dev (Slurm's PMIx plugin loads libpmix.so from it; srun --mpi=pmix fails without it),
# util-linux for nsenter/unshare/flock; with accounting MariaDB (mariadb-server) and slurmdbd. Open MPI,
# mpi4py and PyTorch (CPU) are Debian's, for the MPI and PyTorch DDP runs with /usr/bin/python3. The
# packaging tests validate the desktop file (desktop-file-validate from desktop-file-utils), the metainfo
# (appstreamcli from appstream) and the generated man page (groff from groff-base).
test_server_packages=()
with_tests=0
if [ "${1:-}" = "--tests" ]; then
  with_tests=1
  test_server_packages=(openssh-server iproute2 passwd podman runc catatonit busybox-static python3-venv
    docker-registry apache2-utils
    slurm-wlm munge libpmix-dev util-linux mariadb-server slurmdbd
    openmpi-bin python3-mpi4py python3-torch
    desktop-file-utils appstream groff-base)
fi

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
for package in "${build_packages[@]}" "${runtime_packages[@]}" "${keyring_packages[@]}" "${ssh_packages[@]}" \
  "${test_server_packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done

# openssh-server's postinst enables and starts the system's sshd (port 22, every interface). Trainyard's
# tests start sshd instances of their own, so none is wanted: when this script is what installs the package,
# /etc/ssh/sshd_not_to_be_run keeps the system's sshd from starting, now and at boot (both its init script
# and ssh.service honour it; remove the file to run one). A policy-rc.d that denies every start is in place
# for the install when the machine has none (a chroot or container without init, where starting a service
# can fail the install); the same for the Slurm, munge and MariaDB packages, whose daemons the tests start
# themselves.
temporary_policy=""
remove_temporary_policy() {
  if [ -n "$temporary_policy" ]; then
    as_root rm -f "$temporary_policy"
    temporary_policy=""
  fi
}
trap remove_temporary_policy EXIT

install_packages() {
  local package new_sshd=0 new_service=0
  for package in "$@"; do
    case "$package" in
      openssh-server) new_sshd=1; new_service=1 ;;
      # Their postinsts start munged, slurmctld, slurmd, MariaDB, slurmdbd and the registry with the system's
      # configuration; the tests start instances of their own (scripts/slurm-cluster.sh, ContainerRegistry).
      munge|slurm-wlm|slurmctld|slurmd|mariadb-server|slurmdbd|docker-registry) new_service=1 ;;
    esac
  done
  if [ "$new_sshd" -eq 1 ]; then
    as_root mkdir -p /etc/ssh
    as_root touch /etc/ssh/sshd_not_to_be_run
    say "openssh-server: the system's sshd will not start (/etc/ssh/sshd_not_to_be_run); tests run their own"
  fi
  if [ "$new_service" -eq 1 ]; then
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      temporary_policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\n# Written by Trainyard scripts/setup.sh for one apt-get install.\nexit 101\n' |
        as_root tee "$temporary_policy" >/dev/null
      as_root chmod 0755 "$temporary_policy"
    fi
  fi
  # Lock::Timeout: another apt run on the machine (a second checkout's setup) is waited for, not failed on.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "$@"
  remove_temporary_policy
  # The registry's service (port 5000) is not wanted at boot either: the tests start their own.
  if [ "$new_service" -eq 1 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
  fi
}

if [ "${#missing[@]}" -eq 0 ]; then
  say "all Debian packages present"
else
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  install_packages "${missing[@]}"
fi

# podman as Debian 12 ships it fails on these machines without two settings: its default runtime crun
# rejects the hybrid cgroup layout (runc accepts it), and its default ulimits raise nofile and nproc above
# what root may set without CAP_SYS_RESOURCE. Written only when there is no containers.conf: one that the
# machine's owner wrote is theirs and stays as it is.
write_containers_conf() {
  local conf=/etc/containers/containers.conf
  [ -e "$conf" ] && return 0
  say "writing $conf (runtime runc, default_ulimits nofile=1024:1024 nproc=4096:4096)"
  as_root mkdir -p /etc/containers
  printf '%s\n' \
    '# Written by Trainyard scripts/setup.sh --tests: crun rejects the hybrid cgroup layout, and root' \
    '# lacks CAP_SYS_RESOURCE for the default ulimits.' \
    '[containers]' \
    'default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]' \
    '' \
    '[engine]' \
    'runtime = "runc"' | as_root tee "$conf" >/dev/null
}
if [ "$with_tests" -eq 1 ]; then
  write_containers_conf
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
