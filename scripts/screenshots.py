"""Take full-page screenshots of the main pages at phone and desktop widths.

Usage: python scripts/screenshots.py http://127.0.0.1:5000 /tmp/shots [path ...]
Uses Debian's Chromium (/usr/bin/chromium); never downloads a browser.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"phone": 360, "desktop": 1280}
DEFAULT_PATHS = ["/vi/", "/en/products", "/vi/producers"]


def main(argv: list[str]) -> int:
    base, out = argv[1], Path(argv[2])
    paths = argv[3:] or DEFAULT_PATHS
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(base + path)
                # Scroll through so lazily loaded images below the fold are in the shot.
                page.evaluate("""async () => {
                    for (let y = 0; y < document.body.scrollHeight; y += 600) {
                        window.scrollTo(0, y);
                        await new Promise(resolve => setTimeout(resolve, 60));
                    }
                    window.scrollTo(0, 0);
                }""")
                page.wait_for_load_state("networkidle")
                slug = path.strip("/").replace("/", "_").replace("?", "_") or "root"
                page.screenshot(path=out / f"{slug}-{name}.png", full_page=True)
                print(out / f"{slug}-{name}.png")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
