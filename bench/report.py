#!/usr/bin/env python3
"""report.py - the bench table from the raw files of bench/run.sh or bench/rss.sh.

    python3 bench/report.py --run DIR --corpus DIR --runs R --jobs J --per-host P --results bench/results
    python3 bench/report.py --rss --run DIR ... (see bench/rss.sh)

For each tool run NAME-R the run directory holds NAME-R.time (/usr/bin/time -v),
NAME-R.access.log (nginx's log of that run: method status "type" bytes host uri)
and NAME-R.nginx-cpu; mentor-audit's runs also their reports in NAME-R/. Of the
R runs of a tool the one with the median wall time is reported. Standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import statistics
import sys

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
    results = os.path.join(base, "results.json")
    if os.path.exists(results):
        d = json.load(open(results, encoding="utf-8"))
        orgs = d["organizations"]
        m["results_pages_fetched"] = sum(o.get("pages_fetched", 0) for o in orgs)
        m["results_links_checked"] = sum(o.get("links_checked", 0) for o in orgs)
        m["by_status"] = d["summary"]["by_status"]
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
    args = ap.parse_args()
    if args.rss:
        rss_report(args)
    else:
        bench_report(args)


if __name__ == "__main__":
    sys.exit(main())
