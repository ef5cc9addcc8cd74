# root-cleanup.sh: sourced (bash) by scripts/fresh-root-check.sh and scripts/package-check.sh, which set
# $root, the folder of the fresh root they made. Defines:
#   mounts_under DIR         every mount point at or below DIR, deepest first (one per line)
#   end_processes_in_root    TERM, then KILL, to every process whose root directory is $root (a daemon a test
#                            left behind, a runner the check started): they keep its mounts busy. Only those
#                            processes are touched.

mounts_under() {
  # findmnt lists every mount point; keep those at or below $1, deepest first.
  findmnt -rn -o TARGET | awk -v base="$1" 'index($0, base) == 1 && (length($0) == length(base) ||
    substr($0, length(base) + 1, 1) == "/")' | sort -r
}

end_processes_in_root() {
  local signal pid proc_root found
  for signal in TERM KILL; do
    found=0
    for pid in /proc/[0-9]*; do
      pid=${pid#/proc/}
      proc_root=$(readlink "/proc/$pid/root" 2>/dev/null) || continue
      if [ "$proc_root" = "$root" ]; then
        kill "-$signal" "$pid" 2>/dev/null || true
        found=1
      fi
    done
    [ "$found" -eq 1 ] || return 0
    sleep 1
  done
}
