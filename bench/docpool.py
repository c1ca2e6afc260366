#!/usr/bin/env python3
"""docpool.py - the real documents of fixtures/sites/, sorted into classes, for bench-docs.

    python3 bench/docpool.py --out build/bench/docpool [--sites fixtures/sites]

Every file under the fixture sites whose name ends in .pdf, .docx, .odt, .doc, .rtf,
.jpg, .jpeg or .png, each content once (the first path in sorted order), put in a
class by its bytes and, for PDFs, by what poppler-utils' pdffonts and pdfimages list:

  pdf-text   a PDF with at least one font and no image, of 8 KB or more (the smaller
             ones are the fixtures' hand-made test PDFs, not a word processor's)
  pdf-scan   a PDF with no font and at least one image (a scanner's or img2pdf's)
  docx, odt  a zip of 4 KB or more (DOCX) or any size (ODT)
  doc        an OLE2 file of 4 KB or more (the smaller ones are hand-made stubs)
  rtf        any
  image      a JPEG or PNG of 10 KB or more (no icons)

Anything else (a PDF with neither, a stub) is left out and counted. Writes
OUT/CLASS/NNN.EXT (copies) and OUT/pool.json: for each class its files (pool path,
fixture path, bytes, PDF pages). Deterministic; standard library and poppler-utils.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys

ENDINGS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".doc": "doc", ".rtf": "rtf",
           ".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}
CLASSES = ["pdf-text", "pdf-scan", "docx", "odt", "doc", "rtf", "image"]
KB = 1024


def lines_after_header(cmd):
    """The table rows pdffonts / pdfimages -list print (after their two header lines)."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if r.returncode != 0:
        return None
    return max(0, len(r.stdout.splitlines()) - 2)


def pdf_pages(path):
    try:
        r = subprocess.run(["pdfinfo", path], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in r.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def classify(path, kind, data):
    n = len(data)
    if kind == "pdf":
        if not data.startswith(b"%PDF"):
            return None, None
        fonts = lines_after_header(["pdffonts", path])
        images = lines_after_header(["pdfimages", "-list", path])
        if fonts is None or images is None:
            return None, None
        pages = pdf_pages(path)
        if fonts > 0 and images == 0 and n >= 8 * KB:
            return "pdf-text", pages
        if fonts == 0 and images > 0:
            return "pdf-scan", pages
        return None, None
    if kind == "docx":
        return ("docx" if data.startswith(b"PK") and n >= 4 * KB else None), None
    if kind == "odt":
        return ("odt" if data.startswith(b"PK") else None), None
    if kind == "doc":
        return ("doc" if data.startswith(b"\xd0\xcf\x11\xe0") and n >= 4 * KB else None), None
    if kind == "rtf":
        return ("rtf" if data.startswith(b"{\\rtf") else None), None
    if kind == "jpg":
        return ("image" if data.startswith(b"\xff\xd8") and n >= 10 * KB else None), None
    if kind == "png":
        return ("image" if data.startswith(b"\x89PNG") and n >= 10 * KB else None), None
    return None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sites", default="fixtures/sites")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    found = []
    for root, dirs, files in os.walk(args.sites):
        dirs.sort()
        for f in sorted(files):
            ext = os.path.splitext(f)[1].lower()
            if ext in ENDINGS:
                found.append((os.path.join(root, f), ENDINGS[ext]))
    found.sort()
    seen = set()
    pool = {c: [] for c in CLASSES}
    left_out = 0
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    for path, kind in found:
        with open(path, "rb") as fh:
            data = fh.read()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        cls, pages = classify(path, kind, data)
        if cls is None:
            left_out += 1
            continue
        ext = "jpg" if kind == "jpg" else kind
        d = os.path.join(args.out, cls)
        os.makedirs(d, exist_ok=True)
        name = os.path.join(d, "%03d.%s" % (len(pool[cls]), ext))
        shutil.copyfile(path, name)
        pool[cls].append({"file": os.path.relpath(name, args.out), "fixture": path,
                          "bytes": len(data), "pages": pages, "ext": ext})
    with open(os.path.join(args.out, "pool.json"), "w", encoding="utf-8") as fh:
        json.dump({"classes": CLASSES, "pool": pool, "left_out": left_out,
                   "distinct": len(seen)}, fh, indent=1, ensure_ascii=False)
    print("docpool: %s; %d distinct files left out -> %s" % (
        ", ".join("%s %d" % (c, len(pool[c])) for c in CLASSES), left_out, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
