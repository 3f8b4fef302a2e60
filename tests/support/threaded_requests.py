"""Ten threads of test clients on one app, in this process, as fast as they can.

    python -m tests.support.threaded_requests SECONDS

Run as a subprocess by tests/integration/processes/test_threaded_servers.py: on CPython
3.11 without storefront.collector's guard this process dies with SIGSEGV within seconds
(STOREFRONT_GC_BETWEEN_REQUESTS=false shows it), so it cannot run inside pytest itself.
Prints "served N" when every request answered 200.
"""

from __future__ import annotations

import faulthandler
import sys
import threading
import time

from storefront import create_app

THREADS = 10
PATHS = ["/vi/", "/vi/products", "/en/products?page=2", "/vi/products?q=mat+ong"]


def main(seconds: float) -> int:
    faulthandler.enable(all_threads=True)
    app = create_app({"PAGE_CACHE_SECONDS": 0})
    stop_at = time.monotonic() + seconds
    served = [0] * THREADS
    failures: list[str] = []

    def visitor(index: int) -> None:
        client = app.test_client()
        while time.monotonic() < stop_at:
            path = PATHS[served[index] % len(PATHS)]
            status = client.get(path).status_code
            if status != 200:
                failures.append(f"{path}: {status}")
            served[index] += 1

    threads = [threading.Thread(target=visitor, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        print("failed:", failures[:10])
        return 1
    print(f"served {sum(served)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1])))
