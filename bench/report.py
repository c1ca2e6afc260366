#!/usr/bin/env python3
"""report.py - the bench table from the raw files of bench/run.sh, rss.sh, threads.sh or latency.sh.

    python3 bench/report.py --run DIR --corpus DIR --runs R --jobs J --per-host P --results bench/results
    python3 bench/report.py --rss --run DIR ... (see bench/rss.sh)
    python3 bench/report.py --threads 1,2 --run DIR ... (see bench/threads.sh)
    python3 bench/report.py --latency MS --run DIR ... (see bench/latency.sh)

For each tool run NAME-R the run directory holds NAME-R.time (/usr/bin/time -v),
NAME-R.access.log (nginx's log of that run: method status "type" bytes host uri
request_time), NAME-R.nginx-cpu, NAME-R.loadavg (/proc/loadavg as it started) and
NAME-R.machine-cpu (the machine's busy and stolen CPU seconds during it);
mentor-audit's runs also their reports in NAME-R/, and with --verbose their log
in NAME-R.stderr. Of the R runs of a tool the one with the median wall time is
reported. Standard library only.
"""
import argparse
import collections
import csv
import datetime
import glob
import heapq
import json
import math
import os
import re
import statistics
import sys
import urllib.parse

# mentor-audit's --verbose log at the end of a run (src/audit_cmd.c).
STALL = re.compile(r"longest stall of the network loop: ([0-9.]+) ms \(--threads ([0-9]+)\)")

TOOLS = [("mentor-audit", "mentor-audit"), ("wget2-spider", "wget2 --spider"),
         ("wget2-download", "wget2 (download)")]


def read_time(path):
    out = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        key, _, val = line.strip().rpartition(": ")
        if key == "User time (seconds)":
            out["user_s"] = float(val)
        elif key == "System time (seconds)":
            out["sys_s"] = float(val)
        elif key.startswith("Elapsed (wall clock) time"):
            parts = [float(p) for p in val.split(":")]
            secs = 0.0
            for p in parts:
                secs = secs * 60 + p
            out["wall_s"] = secs
        elif key == "Maximum resident set size (kbytes)":
            out["rss_kb"] = int(val)
        elif key == "Exit status":
            out["exit"] = int(val)
    return out


def read_log(path):
    c = {"requests": 0, "get": 0, "head": 0, "html_pages": 0, "status_404": 0, "bytes": 0}
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.split(" ", 3)
        if len(f) < 4:
            continue
        method, status, rest = f[0], f[1], f[2] + " " + f[3]
        ctype, _, tail = rest.partition('" ')
        c["requests"] += 1
        key = {"GET": "get", "HEAD": "head"}.get(method, "other")
        c[key] = c.get(key, 0) + 1
        if status == "404":
            c["status_404"] += 1
        if method == "GET" and status == "200" and ctype.startswith('"text/html'):
            c["html_pages"] += 1
        try:
            c["bytes"] += int(tail.split(" ", 1)[0])
        except ValueError:
            pass
    return c


def one_run(run_dir, name, r):
    base = os.path.join(run_dir, "%s-%d" % (name, r))
    m = read_time(base + ".time")
    m.update(read_log(base + ".access.log"))
    m["nginx_cpu_s"] = float(open(base + ".nginx-cpu").read().strip() or 0)
    m["cpu_s"] = m["user_s"] + m["sys_s"]
    m["rps"] = m["requests"] / m["wall_s"] if m["wall_s"] else 0.0
    m["cpu_ms_per_page"] = 1000.0 * m["cpu_s"] / m["html_pages"] if m["html_pages"] else None
    m["rss_mb"] = m["rss_kb"] / 1024.0
    if os.path.exists(base + ".machine-cpu"):
        busy, steal = (float(x) for x in open(base + ".machine-cpu").read().split()[:2])
        m["machine_busy_s"] = busy
        m["steal_s"] = steal
        m["others_cpu_s"] = max(0.0, busy - m["cpu_s"] - m["nginx_cpu_s"])
    if os.path.exists(base + ".loadavg"):
        m["loadavg_start"] = [float(x) for x in open(base + ".loadavg").read().split()[:3]]
    if os.path.exists(base + ".stderr"):
        stall = STALL.search(open(base + ".stderr", encoding="utf-8", errors="replace").read())
        if stall:
            m["longest_stall_ms"] = float(stall.group(1))
            m["threads"] = int(stall.group(2))
    results = os.path.join(base, "results.json")
    if os.path.exists(results):
        d = json.load(open(results, encoding="utf-8"))
        orgs = d["organizations"]
        m["results_pages_fetched"] = sum(o.get("pages_fetched", 0) for o in orgs)
        m["results_links_checked"] = sum(o.get("links_checked", 0) for o in orgs)
        m["by_status"] = d["summary"]["by_status"]
        # Each row's own status: the summary counts an organisation named twice once.
        m["org_status"] = dict(collections.Counter(o.get("status") for o in orgs))
        m["compliant_share"] = d["summary"]["compliant_share"]
    return m


def pick_median(runs):
    order = sorted(runs, key=lambda m: m["wall_s"])
    chosen = dict(order[(len(order) - 1) // 2])
    chosen["wall_all_s"] = [round(m["wall_s"], 2) for m in runs]
    chosen["rps_all"] = [round(m["rps"], 1) for m in runs]
    return chosen


def fmt(v, nd=1):
    if v is None:
        return "—"
    if isinstance(v, int):
        return "{:,}".format(v).replace(",", " ")
    return "%.*f" % (nd, v)


def ratio(a, b, nd=2):
    if a is None or b in (None, 0):
        return "—"
    return "%.*f×" % (nd, a / b)


def latest_parse(results_dir):
    files = sorted(glob.glob(os.path.join(results_dir, "*-parse.json")))
    if not files:
        return None
    return json.load(open(files[-1], encoding="utf-8"))


def machine_line(mach):
    return "%s, %s cores, %s GiB, Linux %s; %s; %s; %s (commit %s)" % (
        mach.get("cpu"), mach.get("nproc"), mach.get("mem_gib"), mach.get("kernel"),
        mach.get("nginx"), mach.get("wget2"), mach.get("mentor_audit"), mach.get("commit"))


def bench_report(args):
    manifest = json.load(open(os.path.join(args.corpus, "manifest.json"), encoding="utf-8"))
    mach = json.load(open(os.path.join(args.run, "machine.json"), encoding="utf-8"))
    commands = open(os.path.join(args.run, "commands.txt"), encoding="utf-8").read()
    tools = {}
    for key, _ in TOOLS:
        tools[key] = pick_median([one_run(args.run, key, r) for r in range(1, args.runs + 1)])
    ma, sp, dl = tools["mentor-audit"], tools["wget2-spider"], tools["wget2-download"]
    n = manifest["orgs"]
    today = datetime.date.today().isoformat()
    rows = [
        ("wall time, s", "wall_s", 2, False),
        ("requests (nginx log)", "requests", 0, False),
        ("— GET / HEAD", None, 0, False),
        ("requests per second", "rps", 0, True),
        ("HTML pages (GET 200 text/html)", "html_pages", 0, False),
        ("CPU user+sys, s", "cpu_s", 2, False),
        ("CPU ms per HTML page", "cpu_ms_per_page", 2, False),
        ("peak RSS, MB", "rss_mb", 1, False),
        ("nginx CPU during the run, s", "nginx_cpu_s", 2, False),
    ]
    lines = ["| N = %s | mentor-audit | wget2 --spider | wget2 (download) | mentor-audit / spider | mentor-audit / download |"
             % fmt(n), "|---|---:|---:|---:|---:|---:|"]
    for label, key, nd, _ in rows:
        if key is None:
            lines.append("| %s | %s | %s | %s | | |" % (label, *["%s / %s" % (fmt(t["get"]), fmt(t["head"])) for t in (ma, sp, dl)]))
            continue
        vals = [t.get(key) for t in (ma, sp, dl)]
        if nd == 0 and all(isinstance(v, float) for v in vals if v is not None):
            cells = [fmt(v, 0) for v in vals]
        else:
            cells = [fmt(v, nd) for v in vals]
        lines.append("| %s | %s | %s | %s | %s | %s |" % (label, *cells, ratio(vals[0], vals[1]), ratio(vals[0], vals[2])))
    table = "\n".join(lines)

    parse = latest_parse(args.results)
    targets = []
    best_wget = max(sp["rps"], dl["rps"])
    targets.append("- requests per second ≥ 5 × wget2's: %s (mentor-audit %.0f/s, wget2 %.0f/s --spider, %.0f/s download: %.2f× and %.2f×)"
                   % ("met" if ma["rps"] >= 5 * best_wget else "NOT met", ma["rps"], sp["rps"], dl["rps"],
                      ma["rps"] / sp["rps"], ma["rps"] / dl["rps"]))
    if parse:
        lx_ms = parse["libxml2_ns"] / 1e6
        targets.append("- CPU per HTML page ≤ 2 × libxml2's parse of the page: %s (%.2f ms end to end against %.2f ms for libxml2 "
                       "alone on this corpus's section pages (bench-parse, %s): %.1f×)"
                       % ("met" if ma["cpu_ms_per_page"] <= 2 * lx_ms else "NOT met", ma["cpu_ms_per_page"], lx_ms,
                          parse.get("date", "?"), ma["cpu_ms_per_page"] / lx_ms))
    ma_check = ("mentor-audit's own count: %d pages fetched and %d links checked (results.json); status %s"
                % (ma.get("results_pages_fetched", -1), ma.get("results_links_checked", -1),
                   ", ".join("%s %d" % kv for kv in ma.get("by_status", {}).items() if kv[1])))
    md = "\n".join([
        "# mentor-audit against wget2, %s organisations (%s)" % (fmt(n), today),
        "",
        "Machine: %s." % machine_line(mach),
        "",
        "Corpus: %d organisations, %d HTML pages of mean %.1f KB (40-150 KB), %d of them with a subpage below the section, "
        "%d document links (%d files, %d dead links), templates %s. Each tool ran %d time(s); the run with the median wall "
        "time is shown (wall times: mentor-audit %s, wget2 --spider %s, download %s)."
        % (n, manifest["pages"], manifest["mean_page_kb"], manifest["subpages"], manifest["doc_links"],
           manifest["documents"], manifest["dead_links"], json.dumps(manifest["templates"], ensure_ascii=False),
           args.runs, ma["wall_all_s"], sp["wall_all_s"], dl["wall_all_s"]),
        "",
        "Settings: %d organisations at once, %d transfers per host (%d in flight at most), delay 0; wget2 %d threads."
        % (args.jobs, args.per_host, args.jobs * args.per_host, args.jobs * args.per_host),
        "",
        table,
        "",
        ma_check + ".",
        "",
        "Targets (issue 7):",
        "",
        *targets,
        "",
        "Commands (PORT is nginx's, DIR mentor-audit's report directory, DIR2 an empty directory for wget2):",
        "",
        "```",
        commands.strip(),
        "```",
        "",
    ])
    os.makedirs(args.results, exist_ok=True)
    stem = os.path.join(args.results, "%s-N%d" % (today, n))
    with open(stem + ".md", "w", encoding="utf-8") as f:
        f.write(md)
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump({"date": today, "n": n, "runs": args.runs, "jobs": args.jobs, "per_host": args.per_host,
                   "machine": mach, "corpus": manifest, "tools": tools, "commands": commands.strip().splitlines()},
                  f, indent=1, ensure_ascii=False)
    print()
    print(md)
    print("bench: saved %s.md and %s.json" % (stem, stem))


def rss_report(args):
    mach = json.load(open(os.path.join(args.run, "machine.json"), encoding="utf-8"))
    sizes = [int(s) for s in args.sizes.split(",")]
    res = {}
    for n in sizes:
        res[n] = pick_median([one_run(args.run, "mentor-audit-N%d" % n, r) for r in range(1, args.runs + 1)])
    small, large = res[sizes[0]], res[sizes[-1]]
    lines = ["| organisations | wall time, s | requests | requests per second | CPU ms per HTML page | peak RSS, MB |",
             "|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        m = res[n]
        lines.append("| %s | %.2f | %s | %.0f | %.2f | %.1f |" % (fmt(n), m["wall_s"], fmt(m["requests"]), m["rps"],
                                                                 m["cpu_ms_per_page"], m["rss_mb"]))
    growth = large["rss_kb"] / small["rss_kb"]
    today = datetime.date.today().isoformat()
    md = "\n".join([
        "# mentor-audit peak RSS, %s against %s organisations (%s)" % (fmt(sizes[0]), fmt(sizes[-1]), today),
        "",
        "Machine: %s." % machine_line(mach),
        "",
        "Same corpus generator and settings as `make bench` (%d organisations at once, %d per host, delay 0); "
        "mentor-audit alone, %d run(s) each, median wall time shown." % (args.jobs, args.per_host, args.runs),
        "",
        "\n".join(lines),
        "",
        "Targets (issue 7):",
        "",
        "- peak RSS at %s ≤ 1.2 × that at %s: %s (%.1f MB against %.1f MB: %.2f×)"
        % (fmt(sizes[-1]), fmt(sizes[0]), "met" if growth <= 1.2 else "NOT met", large["rss_mb"], small["rss_mb"], growth),
        "- peak RSS ≤ 64 MB: %s (%.1f MB at %s)" % ("met" if large["rss_mb"] <= 64 else "NOT met", large["rss_mb"], fmt(sizes[-1])),
        "",
    ])
    os.makedirs(args.results, exist_ok=True)
    stem = os.path.join(args.results, "%s-rss" % today)
    with open(stem + ".md", "w", encoding="utf-8") as f:
        f.write(md)
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump({"date": today, "machine": mach, "runs": args.runs, "sizes": sizes,
                   "mentor_audit": {str(k): v for k, v in res.items()}, "rss_growth": growth}, f, indent=1, ensure_ascii=False)
    print()
    print(md)
    print("bench: saved %s.md and %s.json" % (stem, stem))


def save(args, stem_name, md, data):
    os.makedirs(args.results, exist_ok=True)
    stem = os.path.join(args.results, stem_name)
    with open(stem + ".md", "w", encoding="utf-8") as f:
        f.write(md)
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
    print()
    print(md)
    print("bench: saved %s.md and %s.json" % (stem, stem))


def load_start(run_dir):
    path = os.path.join(run_dir, "loadavg-start")
    if not os.path.exists(path):
        return None
    return [float(x) for x in open(path).read().split()[:3]]


def threads_report(args):
    manifest = json.load(open(os.path.join(args.corpus, "manifest.json"), encoding="utf-8"))
    mach = json.load(open(os.path.join(args.run, "machine.json"), encoding="utf-8"))
    commands = open(os.path.join(args.run, "commands.txt"), encoding="utf-8").read()
    counts = [int(t) for t in args.threads.split(",")]
    res = {}
    for t in counts:
        runs = [one_run(args.run, "threads%d" % t, r) for r in range(1, args.runs + 1)]
        res[t] = pick_median(runs)
        res[t]["cpu_all_s"] = [round(m["cpu_s"], 2) for m in runs]
        res[t]["stall_all_ms"] = [m.get("longest_stall_ms") for m in runs]
        res[t]["loadavg_all"] = [m.get("loadavg_start") for m in runs]
        res[t]["others_all_s"] = [None if m.get("others_cpu_s") is None else round(m["others_cpu_s"], 2) for m in runs]
        res[t]["cores_busy"] = res[t]["cpu_s"] / res[t]["wall_s"] if res[t]["wall_s"] else None
    n = manifest["orgs"]
    first, last = res[counts[0]], res[counts[-1]]
    rows = [
        ("wall time, s", "wall_s", 2),
        ("CPU user, s", "user_s", 2),
        ("CPU system, s", "sys_s", 2),
        ("CPU user+sys, s", "cpu_s", 2),
        ("CPU / wall (cores busy)", "cores_busy", 2),
        ("peak RSS, MB", "rss_mb", 1),
        ("longest stall of the network loop, ms", "longest_stall_ms", 1),
        ("requests (nginx log)", "requests", 0),
        ("requests per second", "rps", 0),
        ("CPU ms per HTML page", "cpu_ms_per_page", 2),
        ("nginx CPU during the run, s", "nginx_cpu_s", 2),
        ("other processes' CPU during the run, s", "others_cpu_s", 2),
        ("CPU stolen by the hypervisor during the run, s", "steal_s", 2),
    ]
    head = "| N = %s (median of %d) | %s | --threads %d / %d |" % (
        fmt(n), args.runs, " | ".join("`--threads %d`" % t for t in counts), counts[-1], counts[0])
    lines = [head, "|---|" + "---:|" * (len(counts) + 1)]
    for label, key, nd in rows:
        vals = [res[t].get(key) for t in counts]
        cells = [fmt(float(v), nd) if nd == 0 and v is not None else fmt(v, nd) for v in vals]
        lines.append("| %s | %s | %s |" % (label, " | ".join(cells), ratio(vals[-1], vals[0])))
    today = datetime.date.today().isoformat()
    start = load_start(args.run)
    detail = ["- `--threads %d`: wall %s s, CPU %s s, longest stall %s ms, other processes' CPU %s s, "
              "load average (1 min) at start %s"
              % (t, res[t]["wall_all_s"], res[t]["cpu_all_s"], res[t]["stall_all_ms"], res[t]["others_all_s"],
                 [la[0] if la else None for la in res[t]["loadavg_all"]]) for t in counts]
    md = "\n".join([
        "# mentor-audit with --threads %s, %s organisations (%s)" % (" and ".join(str(t) for t in counts), fmt(n), today),
        "",
        "Machine: %s." % machine_line(mach),
        "",
        "Load average at start: %s. Same corpus, nginx and settings as `make bench` (%d organisations at once, "
        "%d per host, delay 0); mentor-audit alone, the thread counts in turn, %d run(s) each, the run with the "
        "median wall time shown. The longest stall is the most time one turn of the network loop spent outside "
        "`curl_multi_poll`, from the run's `--verbose` log. Other processes' CPU is the time the machine's cores "
        "were busy during the run (/proc/stat) less mentor-audit's and nginx's: on 2 cores, work of others "
        "lengthens wall times and stalls."
        % (" ".join(str(x) for x in start) if start else "?", args.jobs, args.per_host, args.runs),
        "",
        "\n".join(lines),
        "",
        "Every run:",
        "",
        *detail,
        "",
        "mentor-audit's own count, `--threads %d`: %d pages fetched, %d links checked; `--threads %d`: %d and %d "
        "(results.json); the organisations' statuses %s and %s."
        % (counts[0], first.get("results_pages_fetched", -1), first.get("results_links_checked", -1),
           counts[-1], last.get("results_pages_fetched", -1), last.get("results_links_checked", -1),
           first.get("org_status"), last.get("org_status")),
        "",
        "Command (PORT is nginx's, DIR the report directory):",
        "",
        "```",
        commands.strip(),
        "```",
        "",
    ])
    save(args, "%s-threads" % today, md, {
        "date": today, "n": n, "runs": args.runs, "jobs": args.jobs, "per_host": args.per_host,
        "loadavg_start": start, "machine": mach, "corpus": manifest,
        "threads": {str(t): res[t] for t in counts}, "commands": commands.strip().splitlines()})


def help_defaults(text):
    """The defaults `mentor-audit audit --help` states: {"jobs": 32.0, "delay": 0.5, ...}."""
    out = {}
    lines = text.splitlines()
    for name in ("jobs", "per-host", "per-domain", "delay"):
        for i, line in enumerate(lines):
            if re.match(r"\s+--%s\b" % name, line):
                block = [line]
                for more in lines[i + 1:]:
                    if re.match(r"\s+--", more):
                        break
                    block.append(more)
                found = re.search(r"\(default ([0-9.]+)\)", " ".join(block))
                if found:
                    out[name] = float(found.group(1))
                break
    missing = [k for k in ("jobs", "per-host", "per-domain", "delay") if k not in out]
    if missing:
        sys.exit("report.py: no default found in the --help text for: %s" % ", ".join(missing))
    return out


def read_hosts(path):
    """Requests per host and nginx's time on each, from a bench access log."""
    per_host = collections.Counter()
    times = []
    for line in open(path, encoding="utf-8", errors="replace"):
        _, _, tail = line.rstrip("\n").rpartition('" ')
        f = tail.split(" ")
        if len(f) < 3:
            continue
        per_host[f[1].lower()] += 1
        if len(f) >= 4:
            try:
                times.append(float(f[3]))
            except ValueError:
                pass
    return per_host, times


def parent_domain(host):
    # libpsl's answer for a name under .test, which the Public Suffix List does not
    # have (its default rule "*"): the last two labels. s00001.bench.test -> bench.test,
    # s00001.test -> s00001.test.
    return ".".join(host.split(".")[-2:])


def registry_hosts(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [urllib.parse.urlsplit(row["url"]).hostname for row in csv.DictReader(f)]


def fifo_makespan(durations, jobs):
    """Organisations started in registry order, at most jobs at once, each taking its duration."""
    running, t, end = [], 0.0, 0.0
    for d in durations:
        if len(running) >= jobs:
            t = max(t, heapq.heappop(running))
        heapq.heappush(running, t + d)
        end = max(end, t + d)
    return end


def politeness_bound(per_host, order, lat, d):
    """The lower bounds on wall time the politeness defaults imply (bench/README.md)."""
    jobs, p, pd = int(d["jobs"]), int(d["per-host"]), int(d["per-domain"])
    delay = d["delay"]
    chain = {h: max((k - 1) * delay + lat, math.ceil(k / p) * lat) for h, k in per_host.items()}
    total = sum(per_host.values())
    domains = collections.Counter()
    for h, k in per_host.items():
        domains[parent_domain(h)] += k
    busiest, busiest_n = domains.most_common(1)[0]
    b = {
        "host": max(chain.values()),
        "jobs": sum(chain.values()) / jobs,
        "domain": busiest_n * lat / pd,
        "transfers": total * lat / (jobs * p),
    }
    binding = max(b, key=b.get)
    return {
        "bounds_s": b, "lower_bound_s": b[binding], "binding": binding,
        "fifo_s": fifo_makespan([chain.get(h, 0.0) for h in order], jobs),
        "requests": total, "hosts": len(per_host), "domains": len(domains),
        "busiest_domain": busiest, "busiest_domain_requests": busiest_n,
        "requests_per_host": dict(sorted(collections.Counter(per_host.values()).items())),
        "mean_requests_per_host": total / len(per_host),
        "mean_chain_s": sum(chain.values()) / len(chain),
    }


def quantile(sorted_vals, q):
    return sorted_vals[min(len(sorted_vals) - 1, int(q * len(sorted_vals)))] if sorted_vals else None


VARIANTS = [("shared", "one parent domain (sNNNNN.bench.test)"), ("own", "a parent domain each (sNNNNN.test)")]
BOUND_NAMES = {"host": "the busiest host", "jobs": "organisations at once", "domain": "the busiest parent domain",
               "transfers": "transfers at once"}


def latency_report(args):
    manifest = json.load(open(os.path.join(args.corpus, "manifest.json"), encoding="utf-8"))
    mach = json.load(open(os.path.join(args.run, "machine.json"), encoding="utf-8"))
    commands = open(os.path.join(args.run, "commands.txt"), encoding="utf-8").read()
    defaults = help_defaults(open(os.path.join(args.run, "help.txt"), encoding="utf-8").read())
    probe = json.load(open(os.path.join(args.run, "probe.json"), encoding="utf-8"))
    lat = args.latency / 1000.0
    start = load_start(args.run)
    res = {}
    for v, _ in VARIANTS:
        runs = []
        for r in range(1, args.runs + 1):
            m = one_run(args.run, "latency-%s" % v, r)
            per_host, times = read_hosts(os.path.join(args.run, "latency-%s-%d.access.log" % (v, r)))
            times.sort()
            m["nginx_ms_median"] = 1000 * statistics.median(times) if times else None
            m["nginx_ms_p99"] = 1000 * quantile(times, 0.99) if times else None
            m["nginx_ms_max"] = 1000 * times[-1] if times else None
            m.update(politeness_bound(per_host, registry_hosts(os.path.join(args.run, "registry-%s.csv" % v)),
                                      lat, defaults))
            m["ratio"] = m["wall_s"] / m["lower_bound_s"]
            m["ratio_fifo"] = m["wall_s"] / m["fifo_s"]
            runs.append(m)
        res[v] = pick_median(runs)
        res[v]["ratio_all"] = [round(m["ratio"], 3) for m in runs]
        res[v]["every_run"] = [{k: (round(m[k], 2) if isinstance(m.get(k), float) else m.get(k))
                                for k in ("wall_s", "cpu_s", "others_cpu_s", "nginx_ms_p99", "longest_stall_ms",
                                          "loadavg_start")} for m in runs]
    n = manifest["orgs"]
    sh, own = res["shared"], res["own"]
    rows = [
        ("wall time, s", lambda m: fmt(m["wall_s"], 2)),
        ("CPU user+sys, s (user / sys)", lambda m: "%.2f (%.2f / %.2f)" % (m["cpu_s"], m["user_s"], m["sys_s"])),
        ("peak RSS, MB", lambda m: fmt(m["rss_mb"], 1)),
        ("longest stall of the network loop, ms", lambda m: fmt(m.get("longest_stall_ms"), 1)),
        ("nginx CPU / other processes' CPU during the run, s", lambda m: "%s / %s" % (fmt(m["nginx_cpu_s"], 2), fmt(m.get("others_cpu_s"), 2))),
        ("requests (nginx log), hosts, parent domains", lambda m: "%s, %s, %s" % (fmt(m["requests"]), fmt(m["hosts"]), fmt(m["domains"]))),
        ("requests per host: mean (fewest–most)", lambda m: "%.2f (%d–%d)" % (m["mean_requests_per_host"], min(int(k) for k in m["requests_per_host"]), max(int(k) for k in m["requests_per_host"]))),
        ("requests per second", lambda m: fmt(m["rps"], 1)),
        ("nginx's time per request, ms: median / 99th pct / most", lambda m: "%.0f / %.0f / %.0f" % (m["nginx_ms_median"], m["nginx_ms_p99"], m["nginx_ms_max"])),
        ("bound: the busiest host, s", lambda m: fmt(m["bounds_s"]["host"], 2)),
        ("bound: organisations at once, s", lambda m: fmt(m["bounds_s"]["jobs"], 2)),
        ("bound: the busiest parent domain, s", lambda m: fmt(m["bounds_s"]["domain"], 2)),
        ("bound: transfers at once, s", lambda m: fmt(m["bounds_s"]["transfers"], 2)),
        ("**lower bound** (the largest), s", lambda m: "**%.2f** (%s)" % (m["lower_bound_s"], BOUND_NAMES[m["binding"]])),
        ("**wall / lower bound**", lambda m: "**%.2f×**" % m["ratio"]),
        ("registry order bound, s", lambda m: fmt(m["fifo_s"], 2)),
        ("wall / registry order bound", lambda m: "%.2f×" % m["ratio_fifo"]),
    ]
    lines = ["| %s organisations, %d ms a response | %s |" % (fmt(n), args.latency, " | ".join(label for _, label in VARIANTS)),
             "|---|---:|---:|"]
    for label, cell in rows:
        lines.append("| %s | %s | %s |" % (label, cell(sh), cell(own)))
    today = datetime.date.today().isoformat()
    md = "\n".join([
        "# mentor-audit's politeness defaults at %d ms a response, %s organisations (%s)" % (args.latency, fmt(n), today),
        "",
        "Machine: %s." % machine_line(mach),
        "",
        "Load average at start: %s. nginx adds %d ms to every response (echo_sleep, bench/lib.sh). "
        "mentor-audit with its defaults, as its `--help` states them: --jobs %d, --per-host %d, --per-domain %d, "
        "--delay %g, --threads the online CPUs; robots.txt read. %d run(s) of each registry, the run with the median "
        "wall time shown. The two registries name the same %s sites: with their own names all hosts share the "
        "parent domain bench.test, so --per-domain caps the whole run; as sNNNNN.test each is its own parent domain."
        % (" ".join(str(x) for x in start) if start else "?", args.latency, defaults["jobs"], defaults["per-host"],
           defaults["per-domain"], defaults["delay"], args.runs, fmt(n)),
        "",
        "The server keeps up: %d GETs at concurrency %d (bench/probe.py, before the runs) took %.2f s, %.0f/s against "
        "the %.0f/s that %d ms allows; the client saw a median of %.1f ms, 99th percentile %.1f ms, most %.1f ms."
        % (probe["requests"], probe["concurrency"], probe["wall_s"], probe["rate"], probe["ideal_rate"], args.latency,
           probe["client_ms_median"], probe["client_ms_p99"], probe["client_ms_max"]),
        "",
        "\n".join(lines),
        "",
        "The bounds (bench/README.md): a host's n requests need at least max((n − 1) × delay + latency, "
        "⌈n / per-host⌉ × latency), its chain; the busiest host's chain; the sum of the chains over --jobs "
        "(an organisation holds its place while its chain runs); the busiest parent domain's requests × "
        "latency / --per-domain; all requests × latency / (--jobs × --per-host). The lower bound is the "
        "largest. The registry order bound starts the organisations in registry order, at most --jobs at once, "
        "each taking its chain, as src/audit.c starts them: it counts the tail, where fewer than --jobs remain.",
        "",
        "Every run (wall s, CPU s, other processes' CPU s, nginx's 99th percentile ms, longest stall ms):",
        "",
        *["- %s: %s" % (label, "; ".join("%s, %s, %s, %s, %s" % (e["wall_s"], e["cpu_s"], e["others_cpu_s"],
                                                                  e["nginx_ms_p99"], e["longest_stall_ms"])
                                          for e in res[v]["every_run"])) for v, label in VARIANTS],
        "",
        "Requests per host (count: hosts): %s." % ", ".join("%s: %d" % kv for kv in sh["requests_per_host"].items()),
        "The organisations' statuses (results.json): %s (one parent domain), %s (a parent domain each)."
        % (sh.get("org_status"), own.get("org_status")),
        "",
        "Command (PORT is nginx's, DIR the report directory, REGISTRY either registry):",
        "",
        "```",
        commands.strip(),
        "```",
        "",
    ])
    save(args, "%s-latency" % today, md, {
        "date": today, "n": n, "latency_ms": args.latency, "runs": args.runs, "defaults": defaults,
        "loadavg_start": start, "machine": mach, "corpus": manifest, "probe": probe,
        "variants": res, "commands": commands.strip().splitlines()})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=16)
    ap.add_argument("--per-host", type=int, default=2)
    ap.add_argument("--results", default="bench/results")
    ap.add_argument("--rss", action="store_true")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--threads", help="the --threads values run, comma-separated")
    ap.add_argument("--latency", type=int, help="the latency the server added, ms")
    args = ap.parse_args()
    if args.threads:
        threads_report(args)
    elif args.latency is not None:
        latency_report(args)
    elif args.rss:
        rss_report(args)
    else:
        bench_report(args)


if __name__ == "__main__":
    sys.exit(main())
