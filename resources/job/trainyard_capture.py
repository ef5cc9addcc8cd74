# trainyard_capture.py: copies a job's stdout and stderr into its two log files and records the order in
# which their bytes arrived, so that a viewer can show both streams interleaved as they were written
# (standard library only, Python 3.6+).
#
# Usage: python3 trainyard_capture.py ORDER_FILE   with these descriptors open:
#   0            /dev/null
#   1, 2         the run's stdout.log and stderr.log (the wrapper's own, opened for appending)
#   3, 4         the read ends of the pipes the program's stdout and stderr write to
#   5            the read end of a control pipe: its end of file says the program has ended
# Every byte read from 3 goes to 1 and every byte read from 4 goes to 2, unchanged and at once.
#
# ORDER_FILE (system/output-order.txt) holds a comment line, then one record per line:
#   TIME_MS STDOUT_BYTES STDERR_BYTES [end]
# "at TIME_MS (Unix time, milliseconds) stdout.log held STDOUT_BYTES bytes and stderr.log STDERR_BYTES". A
# record is written before the first bytes of a stream after bytes of the other one, before bytes read a
# second or more after the last record, and half a second after the last bytes, so between two consecutive
# records at most one of the streams grew, and every byte is covered by a record within about a second. The
# last record, after everything was copied, says "end". Two writes on different streams closer together
# than the time this process takes to wake up may be recorded in either order: two pipes give no order
# between them, only the order in which their data was seen.
#
# It never stops the job: SIGTERM, SIGINT and SIGHUP (a cancel sent to the job's process group) are ignored,
# so what the program writes while it ends is kept; a failing log or order file write is reported once on
# fd 2 and the data keeps flowing. When the control pipe closes, whatever the program left in the pipes is
# copied and this process exits, also when a child of the program still holds them open.
import os
import select
import signal
import time

OUT, ERR, CONTROL = 3, 4, 5
IDLE_CLOSE_SECONDS = 0.5
RECORD_EVERY_SECONDS = 1.0
DRAIN_SECONDS = 5.0
CHUNK = 1 << 20
# Pipes this large let a program writing fast hand over a megabyte per wake-up of this process instead of
# 64 KiB: the copy then costs little more than the program's own write (F_SETPIPE_SZ, Linux).
PIPE_BYTES = 1 << 20
F_SETPIPE_SZ = 1031


class Capture:
    def __init__(self, order_path):
        self.sizes = {OUT: self.size_of(1), ERR: self.size_of(2)}
        self.target = {OUT: 1, ERR: 2}
        self.current = None
        self.pending = False
        self.last_record = 0.0
        self.reported = set()
        self.order = None
        try:
            self.order = os.open(order_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self.write_all(self.order, b"# trainyard output order 1: time_ms stdout_bytes stderr_bytes\n", "order")
        except OSError as error:
            self.report("order", error)
        self.record()

    @staticmethod
    def size_of(fd):
        try:
            return os.fstat(fd).st_size
        except OSError:
            return 0

    def report(self, what, error):
        if what not in self.reported:
            self.reported.add(what)
            try:
                os.write(2, ("trainyard_capture.py: cannot write the %s: %s\n" % (what, error)).encode())
            except OSError:
                pass

    def write_all(self, fd, data, what):
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(fd, view):]
            except InterruptedError:
                continue
            except OSError as error:
                self.report(what, error)
                return 0
        return len(data)

    def record(self, final=False):
        self.last_record = time.monotonic()
        self.pending = False
        if self.order is None:
            return
        line = "%d %d %d%s\n" % (int(time.time() * 1000), self.sizes[OUT], self.sizes[ERR], " end" if final else "")
        self.write_all(self.order, line.encode(), "order")

    def copy(self, fd, data):
        if fd != self.current or time.monotonic() - self.last_record >= RECORD_EVERY_SECONDS:
            if self.pending or fd != self.current:
                self.record()
            self.current = fd
        # The size counts what was read, so that records stay consistent even when a log write fails.
        self.write_all(self.target[fd], data, "stdout.log" if fd == OUT else "stderr.log")
        self.sizes[fd] += len(data)
        self.pending = True


_buffer = bytearray(CHUNK)


def read_chunk(fd):
    # Into one reused buffer: a gigabyte of output is a thousand reads, not a million small objects.
    try:
        count = os.readv(fd, [_buffer])
    except BlockingIOError:
        return None
    except OSError:
        return b""
    return memoryview(_buffer)[:count] if count else b""


def enlarge_pipe(fd):
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", F_SETPIPE_SZ), PIPE_BYTES)
    except (ImportError, OSError):
        pass  # a smaller pipe only means more wake-ups


def main(order_path):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    capture = Capture(order_path)
    for fd in (OUT, ERR):
        enlarge_pipe(fd)
    poller = select.poll()
    open_streams = {OUT, ERR}
    for fd in (OUT, ERR, CONTROL):
        poller.register(fd, select.POLLIN)
    control_open = True
    while open_streams and control_open:
        events = poller.poll(IDLE_CLOSE_SECONDS * 1000 if capture.pending else None)
        if not events:
            capture.record()  # idle: the bytes so far are complete, a viewer may show them
            continue
        # Both streams ready at once: their order is unknown; the one written to last is likelier to have
        # gone on than to have been overtaken.
        for fd, _ in sorted(events, key=lambda event: (event[0] == CONTROL, event[0] != capture.current)):
            if fd == CONTROL:
                if not read_chunk(CONTROL):
                    control_open = False
                    poller.unregister(CONTROL)
                continue
            if fd not in open_streams:
                continue
            data = read_chunk(fd)
            if data:
                capture.copy(fd, data)
            elif data is not None:
                open_streams.discard(fd)
                poller.unregister(fd)
    # The program has ended: what it wrote is in the pipes. Children it left may still hold them; they get
    # what is there now and a few seconds more, not forever.
    for fd in open_streams:
        os.set_blocking(fd, False)
    deadline = time.monotonic() + DRAIN_SECONDS
    while open_streams and time.monotonic() < deadline:
        progressed = False
        for fd in sorted(open_streams):
            data = read_chunk(fd)
            if data:
                capture.copy(fd, data)
                progressed = True
            elif data is not None:
                open_streams.discard(fd)
        if not progressed:
            break
    capture.record(final=True)


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 2:
        sys.stderr.write("usage: trainyard_capture.py ORDER_FILE (fds 3, 4: stdout and stderr pipes; 5: control)\n")
        sys.exit(2)
    main(sys.argv[1])
