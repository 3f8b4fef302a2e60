"""How long a photo upload's checks and re-encoding take (decode, turn upright, WebP at
1200 px plus a 480 px thumbnail), per camera size, and how fast a bomb is refused. Run:

    .venv/bin/python bench/uploads.py [--rounds 5]

Photos are synthetic (noise compresses like a real photo does: badly), made once in
memory; the media root is a temporary directory.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from storefront import create_app  # noqa: E402
from storefront.catalog.images import FULL_SIZE, store_decoded  # noqa: E402
from storefront.uploads import UploadError, decode_image  # noqa: E402

SIZES = {"phone 12 MP (4000×3000)": (4000, 3000), "phone 8 MP (3264×2448)": (3264, 2448),
         "web 1600×1200": (1600, 1200)}


def camera_photo(size: tuple[int, int], fmt: str) -> bytes:
    noise = Image.effect_noise(size, 64).convert("RGB")
    out = io.BytesIO()
    noise.save(out, fmt, quality=90) if fmt == "JPEG" else noise.save(out, fmt)
    return out.getvalue()


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG")
    return out.getvalue()


def timed(work, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as media:
        app = create_app({"TESTING": True, "MEDIA_ROOT": media, "SECRET_KEY": "bench",
                          "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        with app.test_request_context():
            print(f"{'photo':28} {'bytes':>10} {'median ms':>10} {'max ms':>8}")
            for label, size in SIZES.items():
                data = camera_photo(size, "JPEG")
                times = timed(lambda data=data: store_decoded(
                    decode_image(data, "refused", max_side=FULL_SIZE), "bench"), rounds)
                print(f"{label:28} {len(data):>10,} {statistics.median(times):>10.0f} "
                      f"{max(times):>8.0f}")
            data = bomb()

            def refuse() -> None:
                try:
                    decode_image(data, "refused")
                except UploadError:
                    return
                raise AssertionError("the bomb was accepted")

            times = timed(refuse, rounds)
            print(f"{'bomb 12000×12000 PNG':28} {len(data):>10,} "
                  f"{statistics.median(times):>10.1f} {max(times):>8.1f}  (refused)")


if __name__ == "__main__":
    main()
