"""Requests per second for the main pages, next to a trivial Flask route, under gunicorn.

Both apps are served by the same gunicorn settings on 127.0.0.1, one after the other, and
driven by the same keep-alive-free HTTP client threads, so the ratio page/trivial shows
what the storefront's own work costs. Run: `make bench-pages` or

    .venv/bin/python bench/pages.py [--synthetic 100000] [--seconds 10] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN_SETTINGS = ["--workers", "2", "--threads", "1", "--worker-class", "sync",
                     "--log-level", "warning"]
PAGES = {
    "trivial Flask route": ("trivial", "/"),
    "home (en)": ("store", "/en/"),
    "catalogue (vi, page 1)": ("store", "/vi/products"),
    "catalogue (en, 4★ food, in stock)": ("store", "/en/products?stars=4&category=food&in_stock=1"),
    "catalogue (vi, sorted by name, page 3)": ("store", "/vi/products?sort=name&page=3"),
    "product page (vi)": ("store", "/vi/products/nuoc-mam-chay-moc-huong-500ml"),
    "producer page (en)": ("store", "/en/producers/htx-nong-san-moc-huong"),
}


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_instance(instance: Path, synthetic: int) -> dict:
    env = {**os.environ, "STOREFRONT_INSTANCE_PATH": str(instance), "FLASK_APP": "wsgi"}
    flask = [str(BIN / "flask")]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "seed", "catalog"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    if synthetic:
        print(f"Generating {synthetic} synthetic products…", flush=True)
        subprocess.run([*flask, "seed", "synthetic", "--products", str(synthetic)], cwd=ROOT,
                       env=env, check=True, capture_output=True)
    return env


def start_server(app: str, port: int, env: dict, cwd: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), *GUNICORN_SETTINGS, "--bind", f"127.0.0.1:{port}", app],
        cwd=cwd, env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"{app} did not start on port {port}")


def fetch(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Accept-Language": "vi"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def drive(name: str, port: int, path: str, seconds: float, concurrency: int) -> Result:
    status = fetch(port, path)  # warm up, and fail loudly on a broken page
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            fetch(port, path)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(name, len(latencies), time.monotonic() - started, latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--synthetic", type=int, default=0,
                        help="add this many synthetic products first")
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    results = []
    try:
        env = prepare_instance(instance, args.synthetic)
        servers = {}
        for app, target, cwd in (("trivial", "trivial_app:app", ROOT / "bench"),
                                 ("store", "wsgi:app", ROOT)):
            port = free_port()
            servers[app] = (port, target, cwd)
        for name, (app, path) in PAGES.items():
            port, target, cwd = servers[app]
            server = start_server(target, port, env, cwd)
            try:
                results.append(drive(name, port, path, args.seconds, args.concurrency))
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        shutil.rmtree(instance, ignore_errors=True)

    baseline = results[0].per_second
    print(f"\n{args.concurrency} client threads, {args.seconds:.0f} s per page, gunicorn "
          f"{' '.join(GUNICORN_SETTINGS)}, {args.synthetic or 'no'} synthetic products\n")
    print("| page | requests/s | vs trivial | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for result in results:
        print(f"| {result.name} | {result.per_second:,.0f} | "
              f"{result.per_second / baseline:.0%} | {result.percentile(0.5):.1f} | "
              f"{result.percentile(0.95):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
