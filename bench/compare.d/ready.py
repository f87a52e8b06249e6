#!/usr/bin/env python3
"""Time from launch to the first output line of a command run on a pseudo-terminal (so that
tools which block-buffer a pipe still print at once), and its peak RSS after it stays idle.

usage: ready.py [--runs N] [--idle SECONDS] -- COMMAND ARGS...
prints one line per run on stderr and, on stdout:
  ready_ms=<median> rss_kib=<median peak RSS (VmHWM) after the idle time, 0 when not measured>
"""
import os, pty, select, signal, statistics, sys, time


def vmhwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def drain(fd, until):
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return True
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                if not os.read(fd, 65536):
                    return False
            except OSError:
                return False


def one(cmd, idle):
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    buf = b""
    ready = None
    deadline = t0 + 30
    while ready is None and time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], deadline - time.monotonic())
        if not r:
            break
        try:
            d = os.read(fd, 65536)
        except OSError:
            break
        if not d:
            break
        buf += d
        if b"\n" in buf:
            ready = (time.monotonic() - t0) * 1000
    rss = 0
    # the JVM may be a child of a wrapper script: follow the deepest descendant
    if ready is not None and idle > 0:
        drain(fd, time.monotonic() + idle)
        rss = max(vmhwm(p) for p in [pid] + descendants(pid))
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        pass
    end = time.monotonic() + 10
    while time.monotonic() < end:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        drain(fd, time.monotonic() + 0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    if ready is None:
        sys.stderr.write("ready.py: no line from %s: %r\n" % (cmd, buf[:200]))
    return ready, rss


def descendants(pid):
    kids = []
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{t}/children") as f:
                kids += [int(x) for x in f.read().split()]
    except OSError:
        return []
    out = list(kids)
    for k in kids:
        out += descendants(k)
    return out


def main():
    args = sys.argv[1:]
    runs, idle = 5, 0.0
    while args and args[0] != "--":
        if args[0] == "--runs":
            runs = int(args[1]); args = args[2:]
        elif args[0] == "--idle":
            idle = float(args[1]); args = args[2:]
        else:
            sys.exit("usage: ready.py [--runs N] [--idle S] -- CMD...")
    cmd = args[1:]
    readies, rsss = [], []
    for i in range(runs):
        ready, rss = one(cmd, idle)
        sys.stderr.write("  run %d: ready %s ms, peak RSS %d KiB\n" % (i + 1, "-" if ready is None else "%.1f" % ready, rss))
        if ready is not None:
            readies.append(ready)
            rsss.append(rss)
    if not readies:
        print("ready_ms=NA rss_kib=NA")
        return 1
    print("ready_ms=%.1f rss_kib=%d" % (statistics.median(readies), statistics.median(rsss)))


if __name__ == "__main__":
    sys.exit(main())
