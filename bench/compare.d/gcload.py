#!/usr/bin/env python3
"""Overhead of a GC tracer on a GC-heavy JVM, and the collections it sees, for bench/compare.

usage: gcload.py --runs N --java JAVA --cp DIR --allocations N -- NAME=COMMAND... [NAME=COMMAND...]
Each COMMAND is a tracer started with "-p PID" appended, or "none" for no tracer. Each run starts
GcChurn (Serial GC, a 4 MiB young generation: thousands of collections), waits for its "ready",
starts the tracer and waits for the tracer's first output line (its header: the probes are
attached), lets the workload go, and after it ends stops the tracer (SIGINT, then SIGTERM) and
counts the tracer's lines that name the workload's pid. The tracers take turns within each round so
that the machine's drift spreads over all of them. Prints, per NAME, one line:
  NAME cpu_ms=<median> wall_ms=<median> gcs=<median the JVM counted> seen=<median lines of its pid>
and each run on stderr.
"""
import argparse, os, signal, statistics, subprocess, sys, time


def run_once(args, command):
    jvm = subprocess.Popen([args.java, "-XX:+UseSerialGC", "-Xmx64m", "-Xmn4m", "-cp", args.cp,
                            "GcChurn", str(args.allocations)],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert jvm.stdout.readline().strip() == "ready"
    tracer = None
    if command != "none":
        # stdbuf: libbpf-tools block-buffer a pipe; a line-buffered header shows when it attached
        tracer = subprocess.Popen(["stdbuf", "-oL"] + command.split() + ["-p", str(jvm.pid)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = tracer.stdout.readline()
        if not first:
            sys.exit(f"gcload: {command} printed nothing (exit {tracer.wait()})")
    jvm.stdin.write("go\n")
    jvm.stdin.flush()
    result = dict(kv.split("=") for kv in jvm.stdout.readline().split())
    jvm.wait()
    seen = 0
    if tracer:
        time.sleep(0.5)  # the last collections' lines are in the tracer's ring or pipe
        tracer.send_signal(signal.SIGINT)
        try:
            out, err = tracer.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            tracer.terminate()
            out, err = tracer.communicate()
        if err.strip():
            print(f"{command}: {err.strip().splitlines()[-1]}", file=sys.stderr)
        seen = sum(1 for line in out.splitlines() if f" {jvm.pid} " in f" {line} ")
    return float(result["cpu_ms"]), float(result["wall_ms"]), int(result["gcs"]), seen


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--java", required=True)
    p.add_argument("--cp", required=True)
    p.add_argument("--allocations", type=int, default=200_000_000)
    p.add_argument("tracers", nargs="+")
    args = p.parse_args()
    tracers = [t.split("=", 1) for t in args.tracers]
    results = {name: [] for name, _ in tracers}
    for r in range(args.runs):
        order = tracers[r % len(tracers):] + tracers[:r % len(tracers)]
        for name, command in order:
            res = run_once(args, command)
            results[name].append(res)
            print(f"run {r + 1} {name}: cpu_ms={res[0]} wall_ms={res[1]} gcs={res[2]} seen={res[3]}", file=sys.stderr)
    for name, _ in tracers:
        rs = results[name]
        print(f"{name} cpu_ms={statistics.median(x[0] for x in rs):.1f} wall_ms={statistics.median(x[1] for x in rs):.1f}"
              f" gcs={statistics.median(x[2] for x in rs):.0f} seen={statistics.median(x[3] for x in rs):.0f}")


if __name__ == "__main__":
    main()
