#!/usr/bin/env python3
"""Runs one benchmark command and prints one JSON line: wall time and two peak-memory figures.

    measure.py <label> <stdout-file> -- <command...>

max_rss_kb   "Maximum resident set size" from /usr/bin/time -v: the largest single process of the run. For the
             cmdlet that is the whole tool (one process); for ssh fan-outs it is one ssh client, so it hides
             that 32 of them run at once.
tree_rss_kb  the highest sum of RSS over the command's whole process tree, sampled every 100 ms: what the
             fan-outs really hold at once. Sampling can miss a peak shorter than 100 ms.
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def tree_rss_kb(root):
    children = {}
    rss = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
            # comm may hold spaces and parentheses: fields start after the last ")".
            fields = stat[stat.rindex(")") + 2:].split()
            pid = int(name)
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def main():
    label, out_path = sys.argv[1], sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    with tempfile.NamedTemporaryFile(prefix="kc-time-", delete=False) as t:
        time_file = t.name
    started = time.monotonic()
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", time_file] + command, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss_kb(proc.pid))
            time.sleep(0.1)
    wall = time.monotonic() - started
    max_rss = None
    with open(time_file) as f:
        for line in f:
            if "Maximum resident set size" in line:
                max_rss = int(line.rsplit(":", 1)[1])
    os.unlink(time_file)
    print(json.dumps({"label": label, "exit": proc.returncode, "wall_s": round(wall, 3),
                      "max_rss_kb": max_rss, "tree_rss_kb": peak}), flush=True)


if __name__ == "__main__":
    main()
