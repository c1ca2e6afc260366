#!/usr/bin/env python3
"""probe.py - can the bench server itself keep up? Its latency and rate at a concurrency.

    python3 bench/probe.py --port PORT --registry REG.csv --concurrency 64 --requests 1280 --out FILE.json

CONCURRENCY threads, each on its own keep-alive connection, GET the section pages
of the registry (round robin, Host header as mentor-audit sends it) until REQUESTS
are done. Prints and writes: the rate reached against what CONCURRENCY / latency
would allow, and the latency each request saw from the client (median, 99th
percentile, most). With the server adding L ms, a server that is no bottleneck
answers in about L ms at any concurrency the bench uses. Standard library only.
"""
import argparse
import csv
import http.client
import json
import statistics
import threading
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--requests", type=int, default=1280)
    ap.add_argument("--latency-ms", type=float, default=100.0)
    ap.add_argument("--out")
    args = ap.parse_args()
    with open(args.registry, encoding="utf-8", newline="") as f:
        urls = [urllib.parse.urlsplit(row["url"]) for row in csv.DictReader(f)]
    lock = threading.Lock()
    state = {"next": 0}
    times, errors = [], []
    failed = [0]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        while True:
            with lock:
                k = state["next"]
                if k >= args.requests:
                    break
                state["next"] = k + 1
            u = urls[k % len(urls)]
            t0 = time.monotonic()
            why = None
            try:
                conn.request("GET", u.path or "/", headers={"Host": u.netloc})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    why = "HTTP %d" % resp.status
            except (OSError, http.client.HTTPException) as e:
                why = str(e) or type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            took = time.monotonic() - t0
            with lock:
                times.append(took)
                if why:
                    failed[0] += 1
                    if len(errors) < 10:
                        errors.append("%s: %s" % (u.geturl(), why))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    times.sort()
    ideal = args.concurrency / (args.latency_ms / 1000.0)
    res = {
        "concurrency": args.concurrency, "requests": len(times), "failed": failed[0], "errors": errors,
        "wall_s": round(wall, 3), "rate": round(len(times) / wall, 1), "ideal_rate": round(ideal, 1),
        "latency_ms": args.latency_ms,
        "client_ms_median": round(1000 * statistics.median(times), 1),
        "client_ms_p99": round(1000 * times[min(len(times) - 1, int(0.99 * len(times)))], 1),
        "client_ms_max": round(1000 * times[-1], 1),
    }
    print("probe: %d GETs at concurrency %d in %.2f s: %.0f/s against %.0f/s ideal (%.0f%%); "
          "latency seen by the client: median %.1f ms, 99th percentile %.1f ms, most %.1f ms; %d failed"
          % (res["requests"], res["concurrency"], wall, res["rate"], ideal, 100 * res["rate"] / ideal,
             res["client_ms_median"], res["client_ms_p99"], res["client_ms_max"], res["failed"]))
    for e in errors:
        print("probe: %s" % e)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
    return 1 if failed[0] else 0


if __name__ == "__main__":
    raise SystemExit(main())
