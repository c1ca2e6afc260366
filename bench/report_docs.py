#!/usr/bin/env python3
"""report_docs.py - the tables of `make bench-docs` from the raw files of bench/docs.sh.

    python3 bench/report_docs.py --run DIR --corpus DIR --runs R --threads "1 2" --envs "default omp1" --results bench/results

Reads DIR/extract.jsonl, memory.jsonl, tools.jsonl (and -omp1 ones), and for each whole
run NAME-R: NAME-R.time, .access.log, .nginx-cpu, .machine-cpu, .loadavg, .stderr,
.procwatch.json and NAME-R/results.json (bench/report.py reads the common ones).
Writes results/DATE-docs.md and .json. Standard library only.
"""
import argparse
import collections
import datetime
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (bench/report.py: read_time, read_log, one_run, fmt, save)

CLASS_NAMES = {"pdf-text": "text PDF", "pdf-scan": "scanned PDF (OCR)", "docx": "DOCX", "odt": "ODT",
               "doc": "DOC", "rtf": "RTF", "image": "JPEG/PNG photo (OCR)"}


def jsonl(path):
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.mean(xs) if xs else None


def per_document(run):
    ex = jsonl(os.path.join(run, "extract.jsonl"))
    mem = {m["file"]: m for m in jsonl(os.path.join(run, "memory.jsonl")) if m["kind"] == "memory"}
    tools = jsonl(os.path.join(run, "tools.jsonl"))
    first = {e["file"]: e for e in ex if e["kind"] == "first"}
    docs = [e for e in ex if e["kind"] == "doc"]
    init = next((e for e in ex if e["kind"] == "init"), {})
    startup = next((t for t in tools if t["kind"] == "pdftotext-startup"), None)
    startup_ms = 1000 * statistics.median(r["cpu_s"] for r in startup["runs"]) if startup else None
    ptt = {t["file"]: t for t in tools if t["kind"] == "pdftotext"}
    cli = {t["file"]: t for t in tools if t["kind"] == "ocr-cli"}
    omp1 = {e["file"]: e for e in jsonl(os.path.join(run, "extract-omp1.jsonl")) if e["kind"] == "doc"}
    cli1 = {t["file"]: t for t in jsonl(os.path.join(run, "tools-omp1.jsonl")) if t["kind"] == "ocr-cli"}
    rows = {}
    for d in docs:
        f, m = first[d["file"]], mem.get(d["file"], {})
        r = rows.setdefault(d["class"], collections.defaultdict(list))
        r["bytes"].append(d["bytes"])
        r["pages_read"].append(f["pages_read"])
        r["ocr_pages"].append(f["ocr_pages"])
        r["results"].append("%s/%s" % (f["type"], f["failure"]))
        r["cpu_ms"].append(d["cpu_ns"] / 1e6)
        r["wall_ms"].append(d["wall_ns"] / 1e6)
        r["iterations"].append(d["iterations"])
        if "poppler_cpu_ns" in d:
            r["poppler_ms"].append(d["poppler_cpu_ns"] / 1e6)
        r["growth_mb"].append(m.get("growth_kb", 0) / 1024 if m else None)
        r["growth_again_mb"].append(m.get("growth_again_kb", 0) / 1024 if m else None)
        if d["file"] in ptt:
            r["pdftotext_ms"].append(1000 * statistics.median(x["cpu_s"] for x in ptt[d["file"]]["runs"]))
            r["pdftotext_rss_mb"].append(ptt[d["file"]]["rss_kb"] / 1024)
        if d["file"] in cli:
            c = cli[d["file"]]["runs"]
            r["cli_ms"].append(1000 * mean(x["cpu_s"] for x in c))
            r["cli_wall_ms"].append(1000 * mean(x["wall_s"] for x in c))
            r["cli_rss_mb"].append(max(x["rss_kb"] for x in c) / 1024)
        if d["file"] in omp1:
            r["omp1_cpu_ms"].append(omp1[d["file"]]["cpu_ns"] / 1e6)
            r["omp1_wall_ms"].append(omp1[d["file"]]["wall_ns"] / 1e6)
        if d["file"] in cli1:
            r["cli1_ms"].append(1000 * mean(x["cpu_s"] for x in cli1[d["file"]]["runs"]))
    out = {}
    for cls, r in rows.items():
        o = {k: mean(v) for k, v in r.items() if k != "results"}
        o["files"] = len(r["bytes"])
        o["growth_max_mb"] = max(x for x in r["growth_mb"] if x is not None) if any(
            x is not None for x in r["growth_mb"]) else None
        o["results"] = dict(collections.Counter(r["results"]))
        o["ocr_pages_total"] = sum(r["ocr_pages"])
        o["iterations"] = r["iterations"][0]
        if r["pdftotext_ms"] and startup_ms is not None:
            o["pdftotext_less_startup_ms"] = o["pdftotext_ms"] - startup_ms
        out[cls] = o
    return {"init": init, "pdftotext_startup_ms": startup_ms,
            "pdftotext_startup_rss_mb": startup["rss_kb"] / 1024 if startup else None, "classes": out}


def whole_run(run, name, r):
    m = report.one_run(run, name, r)
    pw_path = os.path.join(run, "%s-%d.procwatch.json" % (name, r))
    pw = json.load(open(pw_path)) if os.path.exists(pw_path) else {}
    kids = list((pw.get("children") or {}).values())
    readers = [k for k in kids if k["argv"][:1] == ["__read-documents"]]
    m["main_own_cpu_s"] = (pw.get("main") or {}).get("cpu_s")
    m["main_peak_mb"] = (pw.get("main") or {}).get("peak_kb", 0) / 1024 if pw.get("main") else None
    m["readers"] = len(readers)
    m["readers_cpu_s"] = sum(k["cpu_s"] for k in readers)
    m["readers_peak_mb"] = [round(k["peak_kb"] / 1024, 1) for k in readers]
    m["procwatch_samples"] = pw.get("samples")
    pages_b = docs_b = other_b = 0
    docs_n = 0
    by_type = collections.Counter()
    for line in open(os.path.join(run, "%s-%d.access.log" % (name, r)), encoding="utf-8", errors="replace"):
        p = line.split('"')
        method, status = p[0].split()[:2]
        ctype = p[1].split(";")[0]
        nbytes = int(p[2].split()[0])
        if method == "GET" and status == "200" and ctype == "text/html":
            pages_b += nbytes
        elif method == "GET" and status == "200":
            docs_b += nbytes
            docs_n += 1
            by_type[ctype] += 1
        else:
            other_b += nbytes
    orgs = m.get("by_status") and sum(m["by_status"].values())
    m.update({"page_bytes": pages_b, "doc_bytes": docs_b, "other_bytes": other_b, "docs_fetched": docs_n,
              "docs_by_type": dict(by_type), "orgs": orgs})
    m["docs_per_s"] = docs_n / m["wall_s"] if m["wall_s"] else None
    return m


def ms(v, nd=2):
    return report.fmt(v, nd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--threads", default="1 2")
    ap.add_argument("--envs", default="default")
    ap.add_argument("--results", default="bench/results")
    args = ap.parse_args()
    run = args.run
    today = datetime.date.today().isoformat()
    pd = per_document(run)
    manifest = json.load(open(os.path.join(args.corpus, "manifest.json"), encoding="utf-8"))
    mach = json.load(open(os.path.join(run, "machine.json"))) if os.path.exists(os.path.join(run, "machine.json")) else {}
    la = {k: open(os.path.join(run, k + ".loadavg")).read().split()[:3]
          for k in ("extract", "memory", "tools", "omp1") if os.path.exists(os.path.join(run, k + ".loadavg"))}
    init = pd["init"]
    md = ["# bench-docs: what reading documents costs (%s)" % today, "",
          "Machine: %s." % report.machine_line(mach), "",
          "## Per document (`doc_bench`, `doc_tools.py`)", "",
          "Load average (1, 5, 15 min) as each part started: %s." % "; ".join(
              "%s %s" % (k, " ".join(v)) for k, v in la.items()), "",
          "Set-up of a reader, once: `doc_global_init()` %.1f ms CPU; `ocr_new()` (Tesseract `rus+eng`) %.0f ms "
          "CPU, %.0f ms wall; RSS %.1f MB at start, %.1f MB after the libraries' set-up, %.1f MB with Tesseract "
          "loaded. OMP_THREAD_LIMIT in the environment: %s." % (
              init.get("global_init_cpu_ns", 0) / 1e6, init.get("ocr_new_cpu_ns", 0) / 1e6,
              init.get("ocr_new_wall_ns", 0) / 1e6, init.get("rss_start_kb", 0) / 1024,
              init.get("rss_after_global_init_kb", 0) / 1024, init.get("rss_after_ocr_new_kb", 0) / 1024,
              init.get("omp_thread_limit") or "not set"), "",
          "| class | files | mean KB | pages read | OCR pages | result (type/failure) | reads | ours: CPU ms | "
          "poppler-glib alone: CPU ms | pdftotext process: CPU ms | pdftotext − start-up: ms | "
          "ours: peak RSS growth MB (mean, max) | pdftotext peak RSS MB |",
          "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    order = ["pdf-text", "docx", "odt", "doc", "rtf", "pdf-scan", "image"]
    for cls in order:
        c = pd["classes"].get(cls)
        if not c:
            continue
        md.append("| %s | %d | %s | %s | %d | %s | %d | %s | %s | %s | %s | %s, %s | %s |" % (
            CLASS_NAMES[cls], c["files"], ms(c["bytes"] / 1024, 1), ms(c["pages_read"], 1), c["ocr_pages_total"],
            ", ".join("%s %d" % kv for kv in sorted(c["results"].items())), c["iterations"],
            ms(c["cpu_ms"], 3 if c["cpu_ms"] < 10 else 0), ms(c.get("poppler_ms"), 3),
            ms(c.get("pdftotext_ms"), 2), ms(c.get("pdftotext_less_startup_ms"), 2),
            ms(c["growth_mb"], 1), ms(c["growth_max_mb"], 1), ms(c.get("pdftotext_rss_mb"), 1)))
    md += ["", "pdftotext's start-up (the same command on `fixtures/docs/blank.pdf`, one empty page): %s ms CPU, "
           "%s MB." % (ms(pd["pdftotext_startup_ms"], 2), ms(pd["pdftotext_startup_rss_mb"], 1)), "",
           "OCR'd files, CPU and wall per document, in process against the command line "
           "(`pdftoppm -r 300 -gray` + `tesseract -l rus+eng` a page):", "",
           "| class | ours: CPU ms | ours: wall ms | CLI: CPU ms | CLI: wall ms | CLI peak RSS MB | "
           "with OMP_THREAD_LIMIT=1: ours CPU ms | ours wall ms | CLI CPU ms |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for cls in ("pdf-scan", "image"):
        c = pd["classes"].get(cls)
        if c:
            md.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                CLASS_NAMES[cls], ms(c["cpu_ms"], 0), ms(c["wall_ms"], 0), ms(c.get("cli_ms"), 0),
                ms(c.get("cli_wall_ms"), 0), ms(c.get("cli_rss_mb"), 1), ms(c.get("omp1_cpu_ms"), 0),
                ms(c.get("omp1_wall_ms"), 0), ms(c.get("cli1_ms"), 0)))
    runs = {}
    for e in args.envs.split():
        for t in args.threads.split():
            name = "%s-threads%s" % (e, t)
            got = [whole_run(run, name, r) for r in range(1, args.runs + 1)
                   if os.path.exists(os.path.join(run, "%s-%d.time" % (name, r)))]
            if got:
                runs[name] = report.pick_median(got)
    md += ["", "## A whole run (`BENCH_DOCS_N` = %d organisations)" % manifest["orgs"], "",
           "Corpus: %d organisations, %d HTML pages, %d document links, %d files on the server (%s), "
           "%.1f MB of documents." % (manifest["orgs"], manifest["pages"], manifest["doc_links"],
                                      manifest["documents"], ", ".join("%s %d" % kv for kv in sorted(
                                          manifest.get("document_classes", {}).items())),
                                      manifest.get("document_bytes", 0) / 1e6), ""]
    cols = list(runs)
    md.append("| | " + " | ".join("`--threads %s`%s" % (n.split("threads")[1], "" if n.startswith("default")
                                                          else ", OMP_THREAD_LIMIT=1") for n in cols) + " |")
    md.append("|---|" + "---:|" * len(cols))
    rowdefs = [
        ("load average at start", lambda m: " ".join("%.2f" % x for x in m.get("loadavg_start", []))),
        ("wall time, s", lambda m: ms(m["wall_s"], 1)),
        ("CPU user + sys (/usr/bin/time), s", lambda m: "%s (%s + %s)" % (ms(m["cpu_s"], 1), ms(m["user_s"], 1),
                                                                           ms(m["sys_s"], 1))),
        ("of which the reader processes (sampled), s", lambda m: ms(m["readers_cpu_s"], 1)),
        ("the main process's own (sampled), s", lambda m: ms(m["main_own_cpu_s"], 2)),
        ("other processes' CPU during the run, s", lambda m: ms(m.get("others_cpu_s"), 1)),
        ("documents fetched (GET 200, not HTML)", lambda m: report.fmt(m["docs_fetched"])),
        ("documents per second", lambda m: ms(m["docs_per_s"], 2)),
        ("bytes per organisation: all, KB", lambda m: ms((m["page_bytes"] + m["doc_bytes"] + m["other_bytes"])
                                                         / 1024 / m["orgs"], 1)),
        ("… HTML pages, KB", lambda m: ms(m["page_bytes"] / 1024 / m["orgs"], 1)),
        ("… documents, KB", lambda m: ms(m["doc_bytes"] / 1024 / m["orgs"], 1)),
        ("peak RSS, main process (VmHWM), MB", lambda m: ms(m["main_peak_mb"], 1)),
        ("peak RSS, each reader process (VmHWM), MB", lambda m: ", ".join("%.1f" % x for x in m["readers_peak_mb"])),
        ("/usr/bin/time's maximum RSS, MB", lambda m: ms(m["rss_mb"], 1)),
        ("longest stall of the network loop, ms", lambda m: ms(m.get("longest_stall_ms"), 1)),
        ("verdicts: compliant / noncompliant / other", lambda m: "%d / %d / %d" % (
            m["by_status"]["compliant"], m["by_status"]["noncompliant"],
            sum(m["by_status"].values()) - m["by_status"]["compliant"] - m["by_status"]["noncompliant"])),
    ]
    for label, f in rowdefs:
        md.append("| %s | %s |" % (label, " | ".join(f(runs[n]) for n in cols)))
    md += ["", "How: `/usr/bin/time -v` over the run (its user and system CPU include the reader processes, "
           "which mentor-audit waits for at the end: the kernel adds a waited child's CPU to its parent's; "
           "its maximum RSS is the largest of the main process's and any waited child's); "
           "`bench/procwatch.py` samples `/proc` every 0.1 s for the main process's own CPU and VmHWM and each "
           "reader's; bytes from nginx's log (`$body_bytes_sent`; pages: GET 200 text/html; documents: "
           "GET 200 of any other type). Median of %d run(s) each; commands in `commands.txt`." % args.runs, ""]
    data = {"date": today, "machine": mach, "per_document": pd, "runs": runs, "manifest": manifest,
            "loadavg": la}
    report.save(args, "%s-docs" % today, "\n".join(md), data)


if __name__ == "__main__":
    main()
