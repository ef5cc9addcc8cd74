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
# The bytes go from the pipe to the log without passing through this process (splice, Python 3.10+ on Linux):
# one copy of every byte (into the log's page cache) instead of two. A splice cannot write to a file opened
# for appending, so while this process runs a log that is a regular file is written at its end by position
# instead: its O_APPEND is taken off the open file (shared with the wrapper, whose own rare messages then land
# at the same, shared position; nothing else writes the logs while the job runs, the runner and the viewers
# only read them) and put back before this process exits. An older Python, a log that cannot take a splice,
# or TRAINYARD_CAPTURE_SPLICE=0 (for the tests of that path) reads and writes instead, appending.
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
import stat
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
# Never waits on an empty pipe: poll() said whether there is something to move.
SPLICE_FLAGS = getattr(os, "SPLICE_F_NONBLOCK", 2)


class Capture:
    def __init__(self, order_path, splice):
        self.sizes = {OUT: self.size_of(1), ERR: self.size_of(2)}
        self.target = {OUT: 1, ERR: 2}
        self.current = None
        self.pending = False
        self.last_record = 0.0
        self.reported = set()
        # The streams whose bytes go by splice, and the logs whose O_APPEND this process took off.
        self.spliced = set()
        self.unappended = set()
        if splice:
            for fd in (OUT, ERR):
                if self.write_by_position(self.target[fd]):
                    self.spliced.add(fd)
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

    def write_by_position(self, log):
        # At the log's end, where appending would have written; false (appending as before) for anything that
        # is not a regular file or cannot be switched.
        try:
            import fcntl

            if not stat.S_ISREG(os.fstat(log).st_mode):
                return False
            flags = fcntl.fcntl(log, fcntl.F_GETFL)
            if flags & os.O_APPEND:
                fcntl.fcntl(log, fcntl.F_SETFL, flags & ~os.O_APPEND)
                self.unappended.add(log)
            os.lseek(log, 0, os.SEEK_END)
            return True
        except (ImportError, OSError):
            self.append_again(log)
            return False

    def append_again(self, log):
        # The wrapper's own later writes append again, as they did before this process started.
        if log not in self.unappended:
            return
        self.unappended.discard(log)
        try:
            import fcntl

            fcntl.fcntl(log, fcntl.F_SETFL, fcntl.fcntl(log, fcntl.F_GETFL) | os.O_APPEND)
        except OSError:
            pass

    def close(self):
        for log in list(self.unappended):
            self.append_again(log)

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

    def before_bytes_of(self, fd):
        if fd != self.current or time.monotonic() - self.last_record >= RECORD_EVERY_SECONDS:
            if self.pending or fd != self.current:
                self.record()
            self.current = fd

    def move(self, fd):
        # Called when poll() saw bytes in the stream's pipe: moves them to its log. The count moved; 0 when the
        # pipe turned out to be at its end.
        if fd in self.spliced:
            # The record comes first: the bytes are in the log as soon as the splice returns.
            self.before_bytes_of(fd)
            while True:
                try:
                    count = os.splice(fd, self.target[fd], CHUNK, flags=SPLICE_FLAGS)
                    break
                except InterruptedError:
                    continue
                except BlockingIOError:
                    return None
                except OSError:
                    # This log cannot take a splice (EINVAL: its file system), or the write failed: read and
                    # write from now on, which reports a failing write and keeps the data flowing.
                    self.spliced.discard(fd)
                    self.append_again(self.target[fd])
                    return self.move(fd)
            self.sizes[fd] += count
            self.pending = self.pending or count > 0
            return count
        data = read_chunk(fd)
        if not data:
            return None if data is None else 0
        self.before_bytes_of(fd)
        # The size counts what was read, so that records stay consistent even when a log write fails.
        self.write_all(self.target[fd], data, "stdout.log" if fd == OUT else "stderr.log")
        self.sizes[fd] += len(data)
        self.pending = True
        return len(data)


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
    splice = hasattr(os, "splice") and os.environ.get("TRAINYARD_CAPTURE_SPLICE", "1") != "0"
    capture = Capture(order_path, splice)
    try:
        copy_until_the_end(capture)
    finally:
        capture.close()


def copy_until_the_end(capture):
    for fd in (OUT, ERR):
        enlarge_pipe(fd)
    poller = select.poll()
    open_streams = {OUT, ERR}
    for fd in (OUT, ERR, CONTROL):
        poller.register(fd, select.POLLIN)

    def take(events):
        # Both streams ready at once: their order is unknown; the one written to last is likelier to have
        # gone on than to have been overtaken. True when some bytes moved.
        moved = False
        for fd, revents in sorted(events, key=lambda event: (event[0] == CONTROL, event[0] != capture.current)):
            if fd == CONTROL or fd not in open_streams:
                continue
            # Without POLLIN the pipe is empty and its writers are gone.
            count = capture.move(fd) if revents & select.POLLIN else 0
            if count:
                moved = True
            elif count == 0:
                open_streams.discard(fd)
                poller.unregister(fd)
        return moved

    control_open = True
    while open_streams and control_open:
        events = poller.poll(IDLE_CLOSE_SECONDS * 1000 if capture.pending else None)
        if not events:
            capture.record()  # idle: the bytes so far are complete, a viewer may show them
            continue
        if any(fd == CONTROL for fd, _ in events) and not read_chunk(CONTROL):
            control_open = False
            poller.unregister(CONTROL)
        take(events)
    # The program has ended: what it wrote is in the pipes. Children it left may still hold them; they get
    # what is there now and a few seconds more, not forever.
    deadline = time.monotonic() + DRAIN_SECONDS
    while open_streams and time.monotonic() < deadline:
        streams = len(open_streams)
        if not take(poller.poll(0)) and len(open_streams) == streams:
            break
    capture.record(final=True)


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 2:
        sys.stderr.write("usage: trainyard_capture.py ORDER_FILE (fds 3, 4: stdout and stderr pipes; 5: control)\n")
        sys.exit(2)
    main(sys.argv[1])
