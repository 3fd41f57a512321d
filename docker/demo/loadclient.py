"""The demo's load client: steady requests to the app; every second one line with rate, p50/p99 latency, errors.

Line format (parsed by the tests): ``t=12 rps=19.0 p50_ms=4.1 p99_ms=9.8 errors_pct=0.0``
"""
import http.client
import os
import threading
import time

TARGET = os.environ.get("TARGET", "app:8080")
WORKERS = int(os.environ.get("WORKERS", "4"))
PACE_S = float(os.environ.get("PACE_S", "0.1"))
TIMEOUT_S = float(os.environ.get("TIMEOUT_S", "3.0"))

lock = threading.Lock()
window = []  # (latency_ms, ok) of requests finished in the current second


def worker():
    host, port = TARGET.rsplit(":", 1)
    while True:
        started = time.monotonic()
        ok = False
        try:
            conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT_S)
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            conn.close()
        except OSError:
            pass
        elapsed_ms = (time.monotonic() - started) * 1000.0
        with lock:
            window.append((elapsed_ms, ok))
        time.sleep(max(0.0, PACE_S - elapsed_ms / 1000.0))


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def report():
    tick = 0
    while True:
        time.sleep(1.0)
        tick += 1
        with lock:
            done = list(window)
            window.clear()
        latencies = sorted(ms for ms, _ in done)
        errors = sum(1 for _, ok in done if not ok)
        error_pct = 100.0 * errors / len(done) if done else 0.0
        print(f"t={tick} rps={len(done):.1f} p50_ms={percentile(latencies, 0.5):.1f} "
              f"p99_ms={percentile(latencies, 0.99):.1f} errors_pct={error_pct:.1f}", flush=True)


if __name__ == "__main__":
    for _ in range(WORKERS):
        threading.Thread(target=worker, daemon=True).start()
    report()
