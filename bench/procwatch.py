#!/usr/bin/env python3
"""procwatch.py - a process and its children, sampled from /proc until it ends, for bench-docs.

    python3 bench/procwatch.py --parent PID --name mentor-audit --out FILE.json [--every 0.1]

Waits for the child of PID (e.g. /usr/bin/time) whose command name is NAME, then every
--every seconds reads, from /proc, that process's peak and current RSS (VmHWM, VmRSS)
and its own CPU (utime + stime, all its threads), and the same for each of its children
(the document readers, `mentor-audit __read-documents`), keyed by pid. A child's last
sample is taken at most --every seconds before it ends: its CPU and peak are those up to
then. The watcher is a process of its own: its CPU is not in /usr/bin/time's figures
(it shows in the machine's busy time). Writes one JSON object. Standard library only.
"""
import argparse
import json
import os
import time

HZ = os.sysconf("SC_CLK_TCK")


def children_of(pid):
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as fh:
                st = fh.read()
        except OSError:
            continue
        rest = st[st.rindex(")") + 2:].split()
        if int(rest[1]) == pid:
            out.append((int(p), st[st.index("(") + 1:st.rindex(")")]))
    return out


def sample(pid):
    """(peak KB, rss KB, cpu s, argv) of pid, or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as fh:
            st = fh.read()
        with open("/proc/%d/status" % pid) as fh:
            status = fh.read()
        with open("/proc/%d/cmdline" % pid, "rb") as fh:
            argv = fh.read().split(b"\0")
    except OSError:
        return None
    rest = st[st.rindex(")") + 2:].split()
    kb = {}
    for line in status.splitlines():
        k, _, v = line.partition(":")
        if k in ("VmHWM", "VmRSS"):
            kb[k] = int(v.split()[0])
    if "VmHWM" not in kb:          # a zombie: nothing left to read
        return None
    cpu = (int(rest[11]) + int(rest[12])) / HZ
    return kb["VmHWM"], kb["VmRSS"], cpu, [a.decode(errors="replace") for a in argv if a]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parent", type=int, required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--every", type=float, default=0.1)
    args = ap.parse_args()
    main_pid = None
    for _ in range(200):
        found = [p for p, comm in children_of(args.parent) if comm == args.name[:15]]
        if found:
            main_pid = found[0]
            break
        time.sleep(0.02)
    result = {"pid": main_pid, "samples": 0, "main": None, "children": {}}
    t0 = time.monotonic()
    while main_pid is not None:
        m = sample(main_pid)
        if m is None:
            break
        result["main"] = {"peak_kb": m[0], "rss_kb": m[1], "cpu_s": m[2]}
        for cpid, _ in children_of(main_pid):
            c = sample(cpid)
            if c is None:
                continue
            old = result["children"].get(str(cpid))
            result["children"][str(cpid)] = {
                "argv": c[3][1:], "peak_kb": c[0], "rss_kb": c[1], "cpu_s": c[2],
                "first_s": old["first_s"] if old else round(time.monotonic() - t0, 2),
                "last_s": round(time.monotonic() - t0, 2)}
        result["samples"] += 1
        time.sleep(args.every)
    with open(args.out, "w") as fh:
        json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main()
