#!/usr/bin/env bash
# A real two-node Slurm 22.05 cluster on this machine, for the tests and for trying the Slurm target by hand:
# its own munged, slurmctld in this network namespace, and two slurmd ("n1", "n2"), each in a network
# namespace of its own on a bridge (so a 2-node job is a real multi-node job with two addresses), with its own
# mount namespace (a private /tmp, which PMIx's per-node folders need; a hosts file naming the nodes) and its
# own host name. With --accounting also a MariaDB on loopback and slurmdbd, so sacct lists jobs; without it
# sacct says "accounting storage is disabled". Needs root, and the packages of scripts/setup.sh --tests.
#
#   bash scripts/slurm-cluster.sh start [--dir DIR] [--accounting] [--min-job-age SECONDS] [--owner PID]
#   bash scripts/slurm-cluster.sh stop [--dir DIR]
#   bash scripts/slurm-cluster.sh status [--dir DIR]
#
# DIR (default /var/tmp/trainyard-slurm; created; must not be under /tmp, which the nodes do not share) holds
# slurm.conf, the daemons' state and logs, and cluster.env (SLURM_CONF=..., SLURM_NODES=..., what a client
# needs; source it). Clients run on this machine with SLURM_CONF set. Job files must be outside /tmp too.
#
# Several clusters can run at once (a test process each, also from different chroots of one machine): each
# claims a free slot S in 64..127 by creating the bridge tyslbrS (interface names are unique per kernel
# network namespace, so of two claimants only one gets it) and then owns the subnet 10.231.S.0/24 (the
# controller is .1, n1 .2, n2 .3), the namespaces tysl-S-n1/n2, the veths tyslSa/tyslSb, and the TCP ports
# 27000+4S (slurmctld), +1 (slurmdbd), +2 (MariaDB). Nothing global is changed: /etc/hosts stays as it is
# (the nodes get a hosts file of their own), munged has a key and a socket of its own.
# start is idempotent: a cluster that is up in DIR is left as it is; a half-started one is stopped and started
# anew. stop ends every process of the cluster (jobs too), removes its namespaces and links, and forgets the
# slot; it succeeds when there is nothing to stop. A start also stops the clusters whose --owner process has
# died (a test that crashed). Exit status: 0 done, 1 failure (the log's tail is printed), 2 bad arguments.
set -euo pipefail

say() { printf '[slurm-cluster] %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }
usage() { sed -n '8,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
registry=/run/trainyard-slurm
first_slot=64
last_slot=127

command=${1:-}
[ -n "$command" ] || usage
shift
dir=/var/tmp/trainyard-slurm
accounting=0
min_job_age=300
owner=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || usage; dir=$2; shift 2 ;;
    --accounting) accounting=1; shift ;;
    --min-job-age) [ $# -ge 2 ] || usage; min_job_age=$2; shift 2 ;;
    --owner) [ $# -ge 2 ] || usage; owner=$2; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) say "unknown argument: $1" >&2; usage ;;
  esac
done
case "$command" in start|stop|status) ;; *) say "unknown command: $command" >&2; usage ;; esac
case "$min_job_age" in ''|*[!0-9]*) say "--min-job-age needs a number of seconds, got: $min_job_age" >&2; exit 2 ;; esac
case "$owner" in *[!0-9]*) say "--owner needs a process id, got: $owner" >&2; exit 2 ;; esac
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
dir=${dir%/}
case "$dir" in
  /tmp|/tmp/*) say "--dir must not be under /tmp: every node has a private /tmp ($dir)" >&2; exit 2 ;;
  *[[:space:]\'\"\\]*) say "--dir must not hold spaces, quotes or backslashes: $dir" >&2; exit 2 ;;
esac
if [ "$command" = start ] && [ -d "$dir" ] && [ ! -e "$dir/.trainyard-slurm-cluster" ] &&
  [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
  say "--dir $dir holds files that are not a cluster's: give an empty or new folder" >&2
  exit 2
fi
[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, mounts, the daemons)"
options="accounting=$accounting min_job_age=$min_job_age"

# ---------------------------------------------------------------------------------------------------------
# The record of a cluster: $registry/S.state, one "key=value" per line, appended to before each resource is
# made, so a stop after a start that failed half-way still finds everything. It lives outside DIR, so a
# cluster whose folder was removed (a test's temporary folder) can still be stopped.
# ---------------------------------------------------------------------------------------------------------
state_file_of_dir() {
  local file
  for file in "$registry"/*.state; do
    [ -e "$file" ] || continue
    if grep -qxF "dir=$1" "$file"; then
      printf '%s\n' "$file"
      return 0
    fi
  done
  return 1
}

record() { printf '%s\n' "$1" >>"$state_file"; }

values_of() { sed -n "s/^$1=//p" "$2"; }

# A process's start time (clock ticks since boot), which tells it from a later process given the same pid.
start_time_of() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # The fields after "(comm)", which may itself hold spaces: the start time is field 22 of the whole line.
  set -- ${stat##*) }
  printf '%s\n' "${20}"
}

# Records a daemon as "pid=PID:START_TIME"; stop ends only the process that still has both.
record_pid() {
  local time
  time=$(start_time_of "$1") || die "process $1 ended at once (see the logs in $dir)"
  record "pid=$1:$time"
}

is_ours() {
  [ "$(start_time_of "${1%%:*}" 2>/dev/null)" = "${1#*:}" ]
}

alive() { [ -d "/proc/$1" ] && ! grep -qE '^State:[[:space:]]+[ZX]' "/proc/$1/status" 2>/dev/null; }

wait_gone() {
  local deadline=$((SECONDS + $1)) pid any
  shift
  while :; do
    any=0
    for pid in "$@"; do
      alive "$pid" && any=1
    done
    [ "$any" -eq 0 ] && return 0
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}

# Everything a state file names, undone in reverse order of creation: the nodes' processes (slurmd, its
# slurmstepd and the jobs' tasks, all inside the node namespaces), the daemons in this namespace, then the
# namespaces and links.
stop_cluster() {
  local file=$1 pid entry namespace link round entries=() victims=()
  # Rounds, as a task may fork while the namespace's processes are listed.
  for round in 1 2 3 4 5; do
    victims=()
    for namespace in $(values_of netns "$file"); do
      if [ -e "/run/netns/$namespace" ]; then
        for pid in $(ip netns pids "$namespace" 2>/dev/null); do
          kill -KILL "$pid" 2>/dev/null || true
          victims+=("$pid")
        done
      fi
    done
    [ "${#victims[@]}" -gt 0 ] || break
    wait_gone 10 "${victims[@]}" || true
  done
  [ "${#victims[@]}" -eq 0 ] || say "processes of the nodes did not end: ${victims[*]}" >&2
  # Newest first: slurmctld and slurmdbd before MariaDB, munged last.
  mapfile -t entries < <(values_of pid "$file" | tac)
  for entry in "${entries[@]}"; do
    pid=${entry%%:*}
    if alive "$pid" && is_ours "$entry"; then
      kill -TERM "$pid" 2>/dev/null || true
      if ! wait_gone 15 "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone 5 "$pid" || say "process $pid did not end" >&2
      fi
    fi
  done
  # The veths (their peers inside the namespaces go with them), the bridge, then the namespaces. A link that
  # vanished meanwhile (the kernel removes a veth whose peer's namespace went) is no error.
  for link in $(values_of link "$file" | tac); do
    if ip link show "$link" >/dev/null 2>&1 && ! ip link del "$link" 2>/dev/null &&
      ip link show "$link" >/dev/null 2>&1; then
      say "could not remove link $link" >&2
    fi
  done
  for namespace in $(values_of netns "$file"); do
    if [ -e "/run/netns/$namespace" ] && ! ip netns del "$namespace" 2>/dev/null; then
      say "could not remove network namespace $namespace" >&2
    fi
  done
  rm -f "$file"
}

# Clusters whose owner process is gone (a test process that crashed or was killed): stopped.
sweep_abandoned() {
  local file owner_pid
  for file in "$registry"/*.state; do
    [ -e "$file" ] || continue
    owner_pid=$(values_of owner "$file" | head -n 1)
    [ -n "$owner_pid" ] || continue
    if ! alive "$owner_pid"; then
      say "stopping the cluster of process $owner_pid, which has ended ($(values_of dir "$file" | head -n 1))"
      stop_cluster "$file"
    fi
  done
}

mkdir -p "$registry"
# One process at a time looks at or changes the records (a slot's claim itself is atomic, see above). The
# lock's file is open only while it is held: a daemon started with it open would keep it locked for good.
registry_lock=""
lock_registry() {
  exec {registry_lock}>"$registry/lock"
  flock "$registry_lock"
}
unlock_registry() {
  [ -z "$registry_lock" ] || exec {registry_lock}>&-
  registry_lock=""
}

if [ "$command" = stop ]; then
  lock_registry
  if file=$(state_file_of_dir "$dir"); then
    stop_cluster "$file"
    say "stopped the cluster in $dir"
  else
    say "no cluster runs in $dir"
  fi
  exit 0
fi

env_file="$dir/cluster.env"

cluster_is_up() {
  local file pid
  file=$(state_file_of_dir "$dir") || return 1
  grep -qx 'complete=1' "$file" || return 1
  [ "$command" != start ] || grep -qxF "options=$options" "$file" || return 1
  for entry in $(values_of pid "$file"); do
    alive "${entry%%:*}" && is_ours "$entry" || return 1
  done
  for namespace in $(values_of netns "$file"); do
    [ -n "$(ip netns pids "$namespace" 2>/dev/null)" ] || return 1
  done
  [ -r "$env_file" ] || return 1
  SLURM_CONF="$dir/slurm.conf" timeout 20 sinfo -h -o '%T' >/dev/null 2>&1
}

if [ "$command" = status ]; then
  if cluster_is_up; then
    say "up in $dir"
    SLURM_CONF="$dir/slurm.conf" sinfo -N -o '%N %T %C'
    exit 0
  fi
  say "not running in $dir"
  exit 1
fi

# ---------------------------------------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------------------------------------
missing=()
for tool in munged slurmctld slurmd nsenter unshare ip flock ss sinfo scontrol; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "$accounting" -eq 1 ]; then
  for tool in mariadbd mariadb-install-db mariadb-admin slurmdbd sacctmgr; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
fi
[ "${#missing[@]}" -eq 0 ] || die "missing: ${missing[*]} (bash scripts/setup.sh --tests installs them)"
# srun --mpi=pmix: Slurm's plugin loads libpmix.so, which only libpmix-dev provides.
[ -n "$(find /usr/lib -maxdepth 3 -name 'mpi_pmix.so' -print -quit 2>/dev/null)" ] ||
  die "Slurm's PMIx plugin (mpi_pmix.so) is missing: install slurm-wlm"
[ -n "$(find /usr/lib -maxdepth 4 -path '*pmix*/libpmix.so' -print -quit 2>/dev/null)" ] ||
  die "libpmix.so is missing (srun --mpi=pmix needs it): install libpmix-dev"

lock_registry
sweep_abandoned
if cluster_is_up; then
  unlock_registry
  say "already up in $dir"
  cat "$env_file"
  exit 0
fi
if file=$(state_file_of_dir "$dir"); then
  say "the cluster in $dir is only partly up or has other options: stopping it first"
  stop_cluster "$file"
fi

port_free() { [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

slot=""
start_at=$((first_slot + ($$ % (last_slot - first_slot + 1))))
for ((i = 0; i <= last_slot - first_slot; i++)); do
  candidate=$((first_slot + (start_at - first_slot + i) % (last_slot - first_slot + 1)))
  base=$((27000 + 4 * candidate))
  port_free "$base" && port_free $((base + 1)) && port_free $((base + 2)) || continue
  ip -o -4 addr show | grep -q "inet 10\.231\.$candidate\." && continue
  if ip link add "tyslbr$candidate" type bridge 2>/dev/null; then
    slot=$candidate
    break
  fi
done
[ -n "$slot" ] || die "no free slot (bridge tyslbrS, subnet 10.231.S.0/24, ports 27000+4S..+2) for S in $first_slot..$last_slot"

state_file="$registry/$slot.state"
: >"$state_file"
record "dir=$dir"
record "options=$options"
[ -z "$owner" ] || record "owner=$owner"
record "link=tyslbr$slot"
unlock_registry

failed_log=""
on_failure() {
  local status=$?
  [ "$status" -eq 0 ] && return 0
  say "start failed (exit $status); stopping what was started" >&2
  if [ -n "$failed_log" ] && [ -r "$failed_log" ]; then
    say "---- the last lines of $failed_log" >&2
    tail -n 40 "$failed_log" >&2
    say "----" >&2
  fi
  for log in "$dir"/*.log; do
    [ -r "$log" ] && [ "$log" != "$failed_log" ] || continue
    say "---- the last lines of $log" >&2
    tail -n 15 "$log" >&2
  done
  lock_registry
  [ -e "$state_file" ] && stop_cluster "$state_file"
  exit "$status"
}
trap on_failure EXIT

subnet="10.231.$slot"
base=$((27000 + 4 * slot))
ctld_port=$base
dbd_port=$((base + 1))
mysql_port=$((base + 2))
controller_host=$(uname -n)
controller_host=${controller_host%%.*}
cluster_name="ty$slot"
nodes=(n1 n2)

# A fresh folder each start: nothing of an earlier cluster (job state, node state) is carried over. Only a
# folder this script made (it has the marker) is emptied.
mkdir -p "$dir"
touch "$dir/.trainyard-slurm-cluster"
find "$dir" -mindepth 1 -maxdepth 1 ! -name .trainyard-slurm-cluster -exec rm -rf --one-file-system {} +
# munged refuses a socket whose folders others cannot search; the jobs (root here) need no more.
chmod 0755 "$dir"
mkdir -p "$dir/munge" "$dir/ctld" "$dir/tmp-n1" "$dir/tmp-n2" "$dir/spool-n1" "$dir/spool-n2"
chmod 0755 "$dir/munge"
chmod 1777 "$dir/tmp-n1" "$dir/tmp-n2"

# --- network: a bridge with the controller's address, a namespace per node joined to it by a veth ---------
ip addr add "$subnet.1/24" dev "tyslbr$slot"
ip link set "tyslbr$slot" up
index=0
for node in "${nodes[@]}"; do
  index=$((index + 1))
  namespace="tysl-$slot-$node"
  link="tysl$slot$(printf '%s' "$node" | tr 12 ab)"
  record "netns=$namespace"
  ip netns add "$namespace"
  record "link=$link"
  ip link add "$link" type veth peer name eth0 netns "$namespace"
  ip link set "$link" master "tyslbr$slot"
  ip link set "$link" up
  # nsenter, not `ip netns exec`: that remounts /sys, and slurmd then finds no cgroup file system.
  nsenter --net="/run/netns/$namespace" ip addr add "$subnet.$((index + 1))/24" dev eth0
  nsenter --net="/run/netns/$namespace" ip link set eth0 up
  nsenter --net="/run/netns/$namespace" ip link set lo up
done

# The nodes' own /etc/hosts (bound over it in their mount namespaces, when this machine has one to bind
# over): a job resolves the node names (PyTorch's MASTER_ADDR=n1) and the controller's name there.
{
  printf '127.0.0.1\tlocalhost\n'
  printf '%s.1\t%s\n' "$subnet" "$controller_host"
  printf '%s.2\tn1\n%s.3\tn2\n' "$subnet" "$subnet"
} >"$dir/hosts"

# --- munge: a key and a socket of this cluster's own ------------------------------------------------------
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 0400 "$dir/munge/munge.key"
munge_socket="$dir/munge/munge.socket"
failed_log="$dir/munge/munged.log"
munged --socket="$munge_socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munge/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" --num-threads=4 \
  </dev/null >>"$dir/munge/munged.out" 2>&1
record_pid "$(cat "$dir/munge/munged.pid")"

# --- configuration ----------------------------------------------------------------------------------------
if [ "$accounting" -eq 1 ]; then
  accounting_lines="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=$dbd_port
# The munge socket for the connection to slurmdbd (AuthInfo does not apply to it).
AccountingStoragePass=$munge_socket"
else
  accounting_lines="AccountingStorageType=accounting_storage/none"
fi
cat >"$dir/slurm.conf" <<EOF
# Written by Trainyard scripts/slurm-cluster.sh (slot $slot); removed by its stop.
ClusterName=$cluster_name
SlurmctldHost=$controller_host($subnet.1)
SlurmctldPort=$ctld_port
SlurmdPort=6818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_socket
CredType=cred/munge
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool-%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups on these machines.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=$min_job_age
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
$accounting_lines
# What MPI needs on this cluster, given to every task (see task-prolog.sh).
TaskProlog=$dir/task-prolog.sh
NodeName=n1 NodeAddr=$subnet.2 CPUs=2 RealMemory=1000 State=UNKNOWN
NodeName=n2 NodeAddr=$subnet.3 CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

# Every task gets the settings that make Open MPI and PMIx work across the two namespaces (the nodes' subnet
# for MPI's TCP traffic, PMIx's hash store), as a real cluster's site configuration would give them; a
# job's own values win.
cat >"$dir/task-prolog.sh" <<EOF
#!/bin/sh
# Written by Trainyard scripts/slurm-cluster.sh. Lines "export NAME=VALUE" set the task's environment.
[ -n "\${PMIX_MCA_gds:-}" ] || echo "export PMIX_MCA_gds=hash"
[ -n "\${OMPI_MCA_btl:-}" ] || echo "export OMPI_MCA_btl=self,tcp"
[ -n "\${OMPI_MCA_btl_tcp_if_include:-}" ] || echo "export OMPI_MCA_btl_tcp_if_include=$subnet.0/24"
[ -n "\${OMPI_MCA_oob_tcp_if_include:-}" ] || echo "export OMPI_MCA_oob_tcp_if_include=$subnet.0/24"
exit 0
EOF
chmod 0755 "$dir/task-prolog.sh"
export SLURM_CONF="$dir/slurm.conf"

wait_for() {
  local what=$1 seconds=$2 pid=$3 deadline
  shift 3
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ -z "$pid" ] || alive "$pid" || die "$what exited before it was ready"
    [ "$SECONDS" -lt "$deadline" ] || die "$what was not ready within $seconds s"
    sleep 0.2
  done
}

# --- accounting: MariaDB on loopback, slurmdbd, the cluster registered ------------------------------------
if [ "$accounting" -eq 1 ]; then
  mkdir -p "$dir/mysql"
  failed_log="$dir/mariadb-install.log"
  mariadb-install-db --no-defaults --datadir="$dir/mysql/data" --user=root --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >"$failed_log" 2>&1
  failed_log="$dir/mariadb.log"
  setsid mariadbd --no-defaults --datadir="$dir/mysql/data" --socket="$dir/mysql/mysqld.sock" \
    --port="$mysql_port" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$dir/mysql/mariadbd.pid" \
    --log-error="$dir/mariadb.log" --user=root --innodb-buffer-pool-size=16M --innodb-log-file-size=16M \
    --skip-log-bin </dev/null >>"$dir/mariadb.log" 2>&1 &
  record_pid "$!"
  wait_for "MariaDB" 60 "$!" mariadb-admin --no-defaults --protocol=tcp --host=127.0.0.1 --port="$mysql_port" \
    --user=root ping

  cat >"$dir/slurmdbd.conf" <<EOF
# Written by Trainyard scripts/slurm-cluster.sh (slot $slot).
AuthType=auth/munge
AuthInfo=socket=$munge_socket
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort=$dbd_port
SlurmUser=root
PidFile=$dir/slurmdbd.pid
LogFile=$dir/slurmdbd.log
DebugLevel=info
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$mysql_port
StorageUser=root
StorageLoc=slurm_acct_db
EOF
  chmod 0600 "$dir/slurmdbd.conf"
  failed_log="$dir/slurmdbd.log"
  setsid slurmdbd -D </dev/null >>"$dir/slurmdbd.out" 2>&1 &
  record_pid "$!"
  wait_for "slurmdbd" 30 "$!" timeout 10 sacctmgr -n list cluster
  timeout 30 sacctmgr -i add cluster "$cluster_name" >/dev/null
fi

# --- slurmctld, then a slurmd per node --------------------------------------------------------------------
failed_log="$dir/slurmctld.log"
setsid slurmctld -D -i -f "$dir/slurm.conf" </dev/null >>"$dir/slurmctld.out" 2>&1 &
record_pid "$!"
wait_for "slurmctld" 60 "$!" timeout 10 scontrol ping

for node in "${nodes[@]}"; do
  namespace="tysl-$slot-$node"
  failed_log="$dir/slurmd-$node.log"
  # Its own mount namespace (a private /tmp: PMIx's per-node folders /tmp/spmix_appdir_* collide otherwise;
  # the nodes' hosts file) and UTS namespace (`hostname` in a job says which node it runs on). nsenter,
  # unshare and sh each exec the next, so $! is slurmd's pid.
  setsid nsenter --net="/run/netns/$namespace" unshare --mount --uts --propagation private /bin/sh -c \
    'mount --bind "$1" /tmp && { [ ! -e /etc/hosts ] || mount --bind "$2" /etc/hosts; } && hostname "$3" &&
      exec slurmd -D -f "$4" -N "$3"' \
    sh "$dir/tmp-$node" "$dir/hosts" "$node" "$dir/slurm.conf" </dev/null >>"$dir/slurmd-$node.out" 2>&1 &
  record_pid "$!"
done

nodes_idle() {
  local states
  states=$(timeout 10 sinfo -h -N -o '%N %T' 2>/dev/null | sort -u) || return 1
  [ "$states" = "$(printf 'n1 idle\nn2 idle')" ]
}
failed_log="$dir/slurmctld.log"
wait_for "the nodes n1 and n2 (idle in sinfo)" 60 "" nodes_idle

cat >"$env_file" <<EOF
SLURM_CONF=$dir/slurm.conf
SLURM_CLUSTER_NAME=$cluster_name
SLURM_PARTITION=debug
SLURM_NODES=n1,n2
SLURM_NODE_ADDRESSES=$subnet.2,$subnet.3
SLURM_CONTROLLER_ADDRESS=$subnet.1
SLURM_ACCOUNTING=$accounting
SLURM_SLOT=$slot
EOF
lock_registry
record "complete=1"
unlock_registry
trap - EXIT
say "up in $dir (nodes n1 $subnet.2, n2 $subnet.3$([ "$accounting" -eq 1 ] && printf ', accounting'))"
cat "$env_file"
