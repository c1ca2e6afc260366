#!/usr/bin/env python3
"""doc_tools.py - the same documents through poppler-utils and Tesseract's command line, for bench-docs.

    python3 bench/doc_tools.py --work DIR [--runs 10] [--ocr-runs 1] [--blank PDF] CLASS:FILE ...

Each command is a process of its own; its CPU (user + system) is the kernel's for that
process (os.wait4), nothing of this script's. Its peak RSS is not taken from the same
wait4: a process this script starts records this script's RSS as its own peak at exec
(the kernel's maxrss carries the replaced memory's peak over), so the peak RSS is
/usr/bin/time's (%M), from one more run of each pdftotext, and for OCR from the timed
runs themselves (their CPU then includes /usr/bin/time's own, a millisecond).

  pdftotext     every PDF: `pdftotext -l CAP_DOC_PAGES -enc UTF-8 FILE OUT`, --runs times:
                what a script that reads a document with pdftotext pays, start-up included
  start-up      `pdftotext` the same way on --blank (one page, nothing on it): the cost of
                a pdftotext process that reads next to nothing
  ocr           a scanned PDF (class pdf-scan): `pdftoppm -r 300 -gray -f 1 -l 3 FILE P`
                (300 dpi, 8-bit grey, the first 3 pages: CAP_DOC_OCR_DPI, CAP_DOC_OCR_PAGES),
                then `tesseract PAGE - -l rus+eng` for each page rendered; an image (class
                image): `tesseract FILE - -l rus+eng`; the processes' CPU summed, --ocr-runs times

The environment is passed on as it is (OMP_THREAD_LIMIT among it). One JSON object a
line on stdout. Standard library only.
"""
import argparse
import glob
import json
import os
import sys
import time

CAP_DOC_PAGES = 10       # core/caps.h
CAP_DOC_OCR_PAGES = 3
CAP_DOC_OCR_DPI = 300
LANGS = "rus+eng"        # parsers/ocr.h, OCR_LANGS_DEFAULT


TIME = os.environ.get("BENCH_TIME", "/usr/bin/time")


def run(argv, out_path, rss=False):
    """Run argv with stdout to out_path; (cpu s, peak RSS KB or None, wall s, exit status, bytes out)."""
    rss_path = out_path + ".rss"
    if rss:
        argv = [TIME, "-f", "%M", "-o", rss_path] + argv
    fa = [(os.POSIX_SPAWN_OPEN, 1, out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
          (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
    t0 = time.monotonic()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=fa)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    size = os.path.getsize(out_path) if os.path.exists(out_path) else 0
    peak = None
    if rss:
        with open(rss_path) as fh:
            peak = int(fh.read().split()[-1])
    return ru.ru_utime + ru.ru_stime, peak, wall, os.waitstatus_to_exitcode(status), size


def pdftotext(path, work, rss=False):
    out = os.path.join(work, "pdftotext.txt")
    argv = ["pdftotext", "-l", str(CAP_DOC_PAGES), "-enc", "UTF-8", path, out]
    cpu, peak, wall, rc, size = run(argv, os.path.join(work, "pdftotext.out"), rss)
    size = os.path.getsize(out) if os.path.exists(out) else 0
    return {"cpu_s": cpu, "rss_kb": peak, "wall_s": wall, "rc": rc, "text_bytes": size}


def pdftotext_runs(path, work, runs):
    return {"runs": [pdftotext(path, work) for _ in range(runs)],
            "rss_kb": pdftotext(path, work, rss=True)["rss_kb"]}


def ocr(cls, path, work):
    cpu = wall = 0.0
    rss = 0
    pages = 0
    text = 0
    if cls == "pdf-scan":
        for old in glob.glob(os.path.join(work, "page*")):
            os.remove(old)
        c, r, w, rc, _ = run(["pdftoppm", "-r", str(CAP_DOC_OCR_DPI), "-gray", "-f", "1", "-l",
                              str(CAP_DOC_OCR_PAGES), path, os.path.join(work, "page")],
                             os.path.join(work, "pdftoppm.out"), rss=True)
        cpu, wall, rss = cpu + c, wall + w, max(rss, r)
        images = sorted(glob.glob(os.path.join(work, "page*.pgm")))
    else:
        images = [path]
    for img in images:
        out = os.path.join(work, "tesseract.txt")
        c, r, w, rc, size = run(["tesseract", img, "-", "-l", LANGS], out, rss=True)
        cpu, wall, rss = cpu + c, wall + w, max(rss, r)
        pages += 1
        text += size
    return {"cpu_s": cpu, "rss_kb": rss, "wall_s": wall, "pages": pages, "text_bytes": text}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--ocr-runs", type=int, default=1)
    ap.add_argument("--blank", default="fixtures/docs/blank.pdf")
    ap.add_argument("docs", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    env = {"omp_thread_limit": os.environ.get("OMP_THREAD_LIMIT")}
    print(json.dumps(dict({"kind": "tools-env"}, **env)))
    print(json.dumps(dict({"kind": "pdftotext-startup", "file": args.blank},
                          **pdftotext_runs(args.blank, args.work, args.runs))))
    for arg in args.docs:
        cls, path = arg.split(":", 1)
        if path.lower().endswith(".pdf"):
            print(json.dumps(dict({"kind": "pdftotext", "class": cls, "file": path},
                                  **pdftotext_runs(path, args.work, args.runs))))
        if cls in ("pdf-scan", "image"):
            samples = [ocr(cls, path, args.work) for _ in range(args.ocr_runs)]
            print(json.dumps({"kind": "ocr-cli", "class": cls, "file": path, "runs": samples}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
