"""``python -m qa.bench load``: the web UI under concurrent use, through its API (gradio_client).

Starts ``ui.py`` on a free port of 127.0.0.1 (never another interface) over an index, sends N
``/ask`` requests from C concurrent clients (questions of the dev gold set, in turn) and prints
errors, refusals, latency p50/p95/max, throughput and the server's resident memory before the
load, at its peak and after. N and C are bounded so that a typo cannot flood the machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from qa.bench.runner import DEFAULT_PACK, _child
from qa.config import REPO_ROOT

MAX_REQUESTS = 20_000
MAX_CONCURRENCY = 64
START_TIMEOUT_S = 300
REQUEST_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"ui.py exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"ui.py did not answer on {url} within {START_TIMEOUT_S} s")


class RssSampler:
    """The server process's resident memory, sampled every 0.2 s while the load runs."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.peak = self.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> float:
        return self.process.memory_info().rss / 2**20

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self.now())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _questions() -> list[str]:
    from qa.eval.gold import load_gold

    return [q.question for q in load_gold(REPO_ROOT / "tests" / "gold" / "dev.jsonl").questions]


def load(url: str, pid: int, requests: int, concurrency: int) -> dict[str, Any]:
    """Send ``requests`` /ask calls from ``concurrency`` clients; return the counts and timings."""
    from gradio_client import Client

    questions = _questions()
    local = threading.local()
    times: list[float] = []
    errors: list[str] = []
    refused = 0
    lock = threading.Lock()

    def one(i: int) -> None:
        nonlocal refused
        if not hasattr(local, "client"):
            local.client = Client(url, verbose=False)
        started = time.perf_counter()
        try:
            job = local.client.submit(questions[i % len(questions)], [], api_name="/ask")
            data = job.result(timeout=REQUEST_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        with lock:
            times.append((time.perf_counter() - started) * 1000)
            refused += bool(data.get("refused"))

    Client(url, verbose=False).predict(questions[0], [], api_name="/ask")  # warm-up
    sampler = RssSampler(pid)
    before = sampler.now()
    started = time.perf_counter()
    with sampler, ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    time.sleep(1.0)
    after = sampler.now()
    times.sort()
    return {"requests": requests, "concurrency": concurrency, "errors": len(errors), "error_samples": errors[:3],
            "refused": refused, "seconds": round(elapsed, 1), "throughput": round(requests / elapsed, 1),
            "p50_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1) if times else None,
            "max_ms": round(times[-1], 1) if times else None,
            "rss_before_mb": round(before), "rss_peak_mb": round(sampler.peak), "rss_after_mb": round(after)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--requests", "-n", type=int, default=400, help=f"requests in all (≤ {MAX_REQUESTS})")
    parser.add_argument("--concurrency", "-c", type=int, default=8, help=f"clients at once (≤ {MAX_CONCURRENCY})")
    parser.add_argument("--index", default=None,
                        help="an index to serve (default: build article + pack in a temp folder)")
    parser.add_argument("--pack", type=Path, default=DEFAULT_PACK)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.requests <= MAX_REQUESTS or not 1 <= args.concurrency <= MAX_CONCURRENCY:
        raise SystemExit(f"--requests 1..{MAX_REQUESTS} and --concurrency 1..{MAX_CONCURRENCY}")
    with tempfile.TemporaryDirectory(prefix="qa-load-") as tmp:
        index = args.index
        if index is None:
            index = str(Path(tmp) / "index")
            built = _child(["_ingest", index, "use", *([str(args.pack)] if args.pack.is_dir() else [])])
            print(f"index: {built['documents']} documents, {built['chunks']} chunks")
        port = _free_port()
        log = Path(tmp) / "ui.log"
        env = {**os.environ, "QA_INDEX_DIR": str(index), "GRADIO_ANALYTICS_ENABLED": "False",
               "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        with open(log, "wb") as out:
            proc = subprocess.Popen([sys.executable, "ui.py", "--host", "127.0.0.1", "--port", str(port),
                                     "--concurrency", str(min(args.concurrency, 16))],
                                    cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
            try:
                url = f"http://127.0.0.1:{port}/"
                _wait(url, proc, log)
                r = load(url, proc.pid, args.requests, args.concurrency)
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    print(f"{r['requests']} requests, {r['concurrency']} concurrent, in {r['seconds']} s "
          f"({r['throughput']} requests/s): errors {r['errors']}, refused {r['refused']}")
    print(f"latency p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, max {r['max_ms']} ms")
    print(f"server RSS before {r['rss_before_mb']} MB, peak {r['rss_peak_mb']} MB, after {r['rss_after_mb']} MB")
    for sample in r["error_samples"]:
        print(f"  error: {sample}")
    return 1 if r["errors"] else 0
