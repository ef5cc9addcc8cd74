"""trainyard_launch.py: starts the ranks of a PyTorch-style distributed job on this node (standard library only).

Usage: trainyard_launch.py --nnodes N --nproc-per-node P [--node-rank K] [--local-nodes]
                           [--master-addr HOST] [--master-port PORT] [--stop-grace SECONDS] -- PROGRAM [ARG]...

One process per rank, each with MASTER_ADDR, MASTER_PORT, WORLD_SIZE (N x P), RANK, LOCAL_RANK, NODE_RANK,
LOCAL_WORLD_SIZE and GROUP_RANK set. Without --local-nodes it starts the P ranks of node K; with it, all N x P
ranks here (every "node" on this machine, NODE_RANK = RANK // P). MASTER_PORT 0 (the default) takes a free
port of this machine. When a rank ends with a non-zero status, the others get SIGTERM, then SIGKILL after the
grace period, and the launcher exits with that rank's status (128 + N for a rank killed by signal N). A
TERM, INT or HUP sent to the launcher goes to every rank. What the launcher says goes to its stderr.
"""

import argparse
import os
import signal
import socket
import sys
import time


def free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host if host not in ("", "localhost") else "127.0.0.1", 0))
        return s.getsockname()[1]


def shell_status(wait_status):
    if os.WIFSIGNALED(wait_status):
        return 128 + os.WTERMSIG(wait_status)
    return os.WEXITSTATUS(wait_status)


def say(message):
    sys.stderr.write("trainyard_launch: %s\n" % message)
    sys.stderr.flush()


def main(argv):
    parser = argparse.ArgumentParser(prog="trainyard_launch.py")
    parser.add_argument("--nnodes", type=int, required=True)
    parser.add_argument("--nproc-per-node", type=int, required=True)
    parser.add_argument("--node-rank", type=int, default=0)
    parser.add_argument("--local-nodes", action="store_true")
    parser.add_argument("--master-addr", default="127.0.0.1")
    parser.add_argument("--master-port", type=int, default=0)
    parser.add_argument("--stop-grace", type=float, default=10.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no program to run")
    if args.nnodes < 1 or args.nproc_per_node < 1:
        parser.error("--nnodes and --nproc-per-node must be at least 1")
    if not 0 <= args.node_rank < args.nnodes:
        parser.error("--node-rank must be in 0..%d" % (args.nnodes - 1))

    world = args.nnodes * args.nproc_per_node
    port = args.master_port or free_port(args.master_addr)
    if args.local_nodes:
        ranks = list(range(world))
    else:
        first = args.node_rank * args.nproc_per_node
        ranks = list(range(first, first + args.nproc_per_node))

    children = {}  # pid -> rank
    stopping = {"signal": None}

    def signal_ranks(signum):
        # A catchable signal goes to the rank's wrapper, which passes it on to its program once; SIGKILL to
        # the rank's process group, so that nothing the rank started outlives it.
        for pid in list(children):
            try:
                if signum == signal.SIGKILL:
                    os.killpg(pid, signum)
                else:
                    os.kill(pid, signum)
            except OSError:
                pass

    def forward(signum, _frame):
        stopping["signal"] = signum
        signal_ranks(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)

    say("%d rank(s) of %d, MASTER_ADDR=%s MASTER_PORT=%d" % (len(ranks), world, args.master_addr, port))
    for rank in ranks:
        env = dict(os.environ)
        node_rank = rank // args.nproc_per_node
        env.update({
            "MASTER_ADDR": args.master_addr,
            "MASTER_PORT": str(port),
            "WORLD_SIZE": str(world),
            "RANK": str(rank),
            "LOCAL_RANK": str(rank % args.nproc_per_node),
            "NODE_RANK": str(node_rank),
            "GROUP_RANK": str(node_rank),
            "LOCAL_WORLD_SIZE": str(args.nproc_per_node),
        })
        pid = os.fork()
        if pid == 0:
            try:
                os.setpgid(0, 0)
                for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                    signal.signal(signum, signal.SIG_DFL)
                os.execvpe(command[0], command, env)
            except OSError as e:
                sys.stderr.write("trainyard_launch: cannot run %s: %s\n" % (command[0], e))
            os._exit(127)
        try:
            os.setpgid(pid, pid)  # also here: whichever runs first, the group exists before it is signalled
        except OSError:
            pass
        children[pid] = rank
        if stopping["signal"] is not None:
            os.kill(pid, stopping["signal"])

    result = 0
    failed_rank = None
    stop_deadline = None
    while children:
        try:
            if stop_deadline is None:
                pid, status = os.wait()
            else:
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    if time.monotonic() >= stop_deadline:
                        signal_ranks(signal.SIGKILL)
                        stop_deadline = float("inf")
                    time.sleep(0.05)
                    continue
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        rank = children.pop(pid, None)
        if rank is None:
            continue
        code = shell_status(status)
        if code != 0 and failed_rank is None:
            failed_rank = rank
            result = code
            if children:
                say("rank %d exited with status %d: stopping the other ranks" % (rank, code))
                signal_ranks(signal.SIGTERM)
                stop_deadline = time.monotonic() + args.stop_grace
    if failed_rank is None and stopping["signal"] is not None:
        result = 128 + stopping["signal"]
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
