#!/usr/bin/env python3
"""Draw the illustrative images of the sample OCOP catalogue with Pillow.

Every picture is a flat "editorial illustration": soft gradients, gentle shadows cast
towards the bottom right (the light always comes from the top left), rounded shapes and a
faint paper grain. There is no text anywhere, because the site shows the images in two
languages. Everything is deterministic: a product's images depend only on its slug, motif,
colour and category, so re-running the script redraws the same pixels.

Usage (from the project root):

    .venv/bin/python catalog_seed/draw_images.py [--root catalog_seed] [--out DIR]
                                                 [--only SLUG ...] [--force]

Outputs, under --out (default: <root>/images):
    products/<slug>-1.webp     1000×1000, the product on its OCOP group's palette
    products/<slug>-2.webp     1000×1000, the product in a still life with ingredients
    producers/<slug>.webp      1600×700, a landscape of the producer's district
    categories/<group>.webp    800×500, the group's motifs on its palette
    site/hero.webp             1600×700, a Quảng Bình landscape for the home page
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # lets `storefront` import when run as a plain script
from storefront.catalog.seed_files import IMAGE_MOTIFS, read_seed  # noqa: E402

# Everything is drawn at SCALE× and downscaled with LANCZOS: Pillow's shapes have no
# antialiasing of their own, so this is what gives smooth edges.
SCALE = 2
WEBP_OPTIONS = {"quality": 80, "method": 6}
PRODUCT_SIZE = (1000, 1000)
BANNER_SIZE = (1600, 700)
CATEGORY_SIZE = (800, 500)

# Motifs are drawn in a 1000×1000 frame standing on this line; `Canvas.frame` places the
# frame anywhere, at any size, so one drawing serves the main view, scenes and categories.
GROUND = 800
# Light comes from the top left, so shading runs light→dark that way and shadows fall
# towards the bottom right by this much (in frame units).
SHADOW_OFFSET = (18, 12)

Point = tuple[float, float]
Box = tuple[float, float, float, float]
RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (34, 26, 30)  # a warm near-black: pure black looks harsh against pastels


# --------------------------------------------------------------------------- colours

def hex_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def lighten(colour: RGB, t: float) -> RGB:
    return mix(colour, WHITE, t)


def darken(colour: RGB, t: float) -> RGB:
    return mix(colour, INK, t)


def luma(colour: RGB) -> float:
    """Perceived brightness 0..1, to pick contrasting details (seams, outlines)."""
    return (0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]) / 255


def jitter(colour: RGB, rng: random.Random, amount: float = 0.08) -> RGB:
    """A slightly lighter or darker sibling, so repeated pieces don't look stamped."""
    t = rng.uniform(-amount, amount)
    return lighten(colour, t) if t > 0 else darken(colour, -t)


@dataclass(frozen=True)
class Grad:
    """A gradient fill: "v" top→bottom, "h" left→right, "d" top-left→bottom-right,
    "r" centre→edge."""

    start: RGB
    end: RGB
    kind: str = "d"


# --------------------------------------------------------------------------- geometry

def smooth(points: Sequence[Point], closed: bool = True, steps: int = 8) -> list[Point]:
    """A Catmull-Rom curve through `points`: organic outlines from a few control points."""
    pts = list(points)
    count = len(pts)
    if count < 3:
        return pts
    out: list[Point] = []
    last = count if closed else count - 1
    for i in range(last):
        p0 = pts[(i - 1) % count] if closed or i > 0 else pts[0]
        p1, p2 = pts[i], pts[(i + 1) % count]
        p3 = pts[(i + 2) % count] if closed or i + 2 < count else pts[-1]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(  # type: ignore[arg-type]
                0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t + (2 * p0[k] - 5 * p1[k] + 4 * p2[k]
                       - p3[k]) * t2 + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3)
                for k in (0, 1)))
    if not closed:
        out.append(pts[-1])
    return out


def lathe(cx: float, profile: Sequence[tuple[float, float]], steps: int = 6) -> list[Point]:
    """A symmetric outline (bottle, jar, cup) from (half-width, y) pairs listed top→bottom."""
    right = [(cx + half, y) for half, y in profile]
    left = [(cx - half, y) for half, y in reversed(profile)]
    return smooth(right + left, closed=True, steps=steps)


def rotate(points: Sequence[Point], centre: Point, degrees: float) -> list[Point]:
    a = math.radians(degrees)
    ca, sa = math.cos(a), math.sin(a)
    cx, cy = centre
    return [(cx + (x - cx) * ca - (y - cy) * sa, cy + (x - cx) * sa + (y - cy) * ca)
            for x, y in points]


def ellipse_points(cx: float, cy: float, rx: float, ry: float, count: int = 48,
                   wobble: float = 0.0, rng: random.Random | None = None) -> list[Point]:
    """An ellipse as a polygon, optionally wobbly (pebbles, grains, irregular heaps)."""
    out = []
    for i in range(count):
        a = 2 * math.pi * i / count
        k = 1 + (rng.uniform(-wobble, wobble) if rng and wobble else 0)
        out.append((cx + rx * k * math.cos(a), cy + ry * k * math.sin(a)))
    return out


def leaf_points(base: Point, tip: Point, width: float, steps: int = 14,
                bend: float = 0.0) -> list[Point]:
    """An almond-shaped leaf from base to tip; `bend` curves it sideways (fraction of length)."""
    (bx, by), (tx, ty) = base, tip
    dx, dy = tx - bx, ty - by
    length = math.hypot(dx, dy) or 1
    nx, ny = -dy / length, dx / length
    right, left = [], []
    for i in range(steps + 1):
        t = i / steps
        half = width / 2 * math.sin(math.pi * t) ** 0.8 * (1 - 0.25 * t)
        off = bend * length * math.sin(math.pi * t)
        cx, cy = bx + dx * t + nx * off, by + dy * t + ny * off
        right.append((cx + nx * half, cy + ny * half))
        left.append((cx - nx * half, cy - ny * half))
    return right + left[::-1]


def bezier(p0: Point, p1: Point, p2: Point, steps: int = 16) -> list[Point]:
    """A quadratic Bézier curve, for stems, handles and bending strips."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
                    u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]))
    return out


# Shape primitives are plain tuples in frame units; the canvas converts them to pixels.
def ellipse(box: Box) -> tuple:
    return ("ellipse", box)


def circle(cx: float, cy: float, r: float) -> tuple:
    return ("ellipse", (cx - r, cy - r, cx + r, cy + r))


def rect(box: Box, radius: float = 0) -> tuple:
    return ("rect", box, radius)


def poly(points: Sequence[Point]) -> tuple:
    return ("poly", list(points))


def line(points: Sequence[Point], width: float) -> tuple:
    return ("line", list(points), width)


def pie(box: Box, start: float, end: float) -> tuple:
    return ("pie", box, start, end)


def chord(box: Box, start: float, end: float) -> tuple:
    return ("chord", box, start, end)


def cut(shape: tuple) -> tuple:
    """Erases `shape` from the others in the same list (rings, handles, holes)."""
    return ("cut", shape)


# --------------------------------------------------------------------------- canvas

@cache
def _ramp(kind: str) -> Image.Image:
    """A 256×256 greyscale ramp for each gradient kind, resized to each shape's box."""
    vertical = Image.linear_gradient("L")
    if kind == "v":
        return vertical
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90).transpose(
        Image.Transpose.FLIP_LEFT_RIGHT)
    if kind == "h":
        return horizontal
    if kind == "d":
        return ImageChops.add(horizontal, vertical, scale=2.0)
    return Image.radial_gradient("L")


@cache
def _grain_tile(kind: str) -> Image.Image:
    """Deterministic noise tiles (Image.effect_noise is not seedable): fine grain, and
    blotchy low-frequency 'paper' made by enlarging a tiny random image."""
    rng = random.Random(f"grain-{kind}")
    if kind == "fine":
        return Image.frombytes("L", (256, 256), rng.randbytes(256 * 256))
    small = Image.frombytes("L", (32, 32), rng.randbytes(32 * 32))
    return small.resize((512, 512), Image.Resampling.BICUBIC)


class Canvas:
    """An RGBA image drawn at SCALE× in logical pixels, with a movable drawing frame."""

    def __init__(self, width: int, height: int, shadow: RGB = INK):
        self.width, self.height = width, height
        self.image = Image.new("RGBA", (width * SCALE, height * SCALE), (255, 255, 255, 255))
        self.shadow_colour = shadow
        self._origin: Point = (0.0, 0.0)
        self._unit = 1.0  # logical pixels per frame unit
        self._clips: list[list[tuple]] = []

    # -- coordinates
    @contextmanager
    def frame(self, box: Box, units: float = 1000) -> Iterator[None]:
        """Draw the next shapes in a `units`-wide square frame mapped onto `box`."""
        saved = self._origin, self._unit
        x0, y0 = self.to_logical(box[0], box[1])
        self._unit = self._unit * (box[2] - box[0]) / units
        self._origin = (x0, y0)
        try:
            yield
        finally:
            self._origin, self._unit = saved

    @contextmanager
    def clip(self, shapes: Sequence[tuple]) -> Iterator[None]:
        """Everything painted inside this block is limited to `shapes` (labels, patterns)."""
        self._clips.append([self._to_px(s) for s in shapes])
        try:
            yield
        finally:
            self._clips.pop()

    def to_logical(self, x: float, y: float) -> Point:
        return (self._origin[0] + x * self._unit, self._origin[1] + y * self._unit)

    def px(self, length: float) -> float:
        return length * self._unit * SCALE

    def _pt(self, point: Point) -> Point:
        x, y = self.to_logical(*point)
        return (x * SCALE, y * SCALE)

    def _box(self, box: Box) -> Box:
        (x0, y0), (x1, y1) = self._pt((box[0], box[1])), self._pt((box[2], box[3]))
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def _to_px(self, shape: tuple) -> tuple:
        kind = shape[0]
        if kind == "cut":
            return ("cut", self._to_px(shape[1]))
        if kind == "ellipse":
            return ("ellipse", self._box(shape[1]))
        if kind == "rect":
            return ("rect", self._box(shape[1]), self.px(shape[2]))
        if kind == "poly":
            return ("poly", [self._pt(p) for p in shape[1]])
        if kind == "line":
            return ("line", [self._pt(p) for p in shape[1]], self.px(shape[2]))
        return (kind, self._box(shape[1]), shape[2], shape[3])

    # -- masks
    @staticmethod
    def _bounds(shapes: Sequence[tuple]) -> Box:
        xs: list[float] = []
        ys: list[float] = []
        for shape in shapes:
            kind = shape[0]
            if kind == "cut":
                continue
            if kind in ("poly", "line"):
                pad = shape[2] / 2 + 2 if kind == "line" else 2
                xs += [p[0] - pad for p in shape[1]] + [p[0] + pad for p in shape[1]]
                ys += [p[1] - pad for p in shape[1]] + [p[1] + pad for p in shape[1]]
            else:
                x0, y0, x1, y1 = shape[1]
                xs += [x0, x1]
                ys += [y0, y1]
        return (min(xs), min(ys), max(xs), max(ys))

    @staticmethod
    def _render(draw: ImageDraw.ImageDraw, shape: tuple, dx: float, dy: float,
                value: int = 255) -> None:
        kind = shape[0]
        if kind == "cut":
            Canvas._render(draw, shape[1], dx, dy, 0)
            return
        if kind in ("poly", "line"):
            pts = [(x - dx, y - dy) for x, y in shape[1]]
            if kind == "poly":
                if len(pts) >= 3:
                    draw.polygon(pts, fill=value)
                return
            width = max(1, round(shape[2]))
            draw.line(pts, fill=value, width=width, joint="curve")
            r = width / 2  # round caps: Pillow's lines end square
            for x, y in (pts[0], pts[-1]):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=value)
            return
        x0, y0, x1, y1 = shape[1]
        box = (x0 - dx, y0 - dy, x1 - dx, y1 - dy)
        if kind == "ellipse":
            draw.ellipse(box, fill=value)
        elif kind == "rect":
            radius = min(shape[2], (x1 - x0) / 2, (y1 - y0) / 2)
            draw.rounded_rectangle(box, radius=max(0, radius), fill=value)
        elif kind == "pie":
            draw.pieslice(box, shape[2], shape[3], fill=value)
        elif kind == "chord":
            draw.chord(box, shape[2], shape[3], fill=value)

    def _mask(self, shapes: Sequence[tuple], box: Box, shift: Point = (0, 0)) -> Image.Image:
        x0, y0, x1, y1 = box
        mask = Image.new("L", (int(x1 - x0), int(y1 - y0)), 0)
        draw = ImageDraw.Draw(mask)
        for shape in shapes:
            self._render(draw, shape, x0 - shift[0], y0 - shift[1])
        return mask

    def _region(self, shapes: Sequence[tuple], pad: float = 2) -> Box | None:
        x0, y0, x1, y1 = self._bounds(shapes)
        box = (max(0, math.floor(x0 - pad)), max(0, math.floor(y0 - pad)),
               min(self.image.width, math.ceil(x1 + pad)),
               min(self.image.height, math.ceil(y1 + pad)))
        return box if box[2] - box[0] >= 1 and box[3] - box[1] >= 1 else None

    # -- painting
    def paint(self, shapes: Sequence[tuple], fill: RGB | Grad, *, shade: float = 0.16,
              alpha: float = 1.0, blur: float = 0, shadow: bool | float = False) -> None:
        """Fill the union of `shapes`. A plain colour gets a gentle top-left→bottom-right
        shading (`shade`); `shadow` first drops a soft shadow (a float sets its opacity)."""
        if shadow:
            self.shadow(shapes, opacity=0.28 if shadow is True else float(shadow))
        px_shapes = [self._to_px(s) for s in shapes]
        blur_px = self.px(blur)
        region = self._region(px_shapes, pad=blur_px * 2 + 2)
        if region is None:
            return
        mask = self._mask(px_shapes, region)
        if blur_px > 0.5:
            mask = mask.filter(ImageFilter.GaussianBlur(blur_px))
        for clip in self._clips:
            mask = ImageChops.multiply(mask, self._mask(clip, region))
        if alpha < 1:
            mask = mask.point(lambda v: round(v * alpha))
        size = (region[2] - region[0], region[3] - region[1])
        layer = self._fill(size, fill, shade).convert("RGBA")
        layer.putalpha(mask)
        self.image.alpha_composite(layer, (region[0], region[1]))

    @staticmethod
    def _fill(size: tuple[int, int], fill: RGB | Grad, shade: float) -> Image.Image:
        if isinstance(fill, Grad):
            start, end, kind = fill.start, fill.end, fill.kind
        elif shade <= 0:
            return Image.new("RGB", size, fill)
        else:
            start, end, kind = lighten(fill, shade), darken(fill, shade), "d"
        ramp = _ramp(kind).resize(size, Image.Resampling.BILINEAR)
        return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), ramp)

    def shadow(self, shapes: Sequence[tuple], *, offset: Point = SHADOW_OFFSET,
               blur: float = 14, opacity: float = 0.28, colour: RGB | None = None) -> None:
        """A soft drop shadow of `shapes`, cast away from the top-left light."""
        px_shapes = [self._to_px(s) for s in shapes]
        blur_px = max(1.0, self.px(blur))
        shift = (self.px(offset[0]), self.px(offset[1]))
        x0, y0, x1, y1 = self._bounds(px_shapes)
        pad = blur_px * 2.5
        region = (max(0, math.floor(x0 + min(0, shift[0]) - pad)),
                  max(0, math.floor(y0 + min(0, shift[1]) - pad)),
                  min(self.image.width, math.ceil(x1 + max(0, shift[0]) + pad)),
                  min(self.image.height, math.ceil(y1 + max(0, shift[1]) + pad)))
        if region[2] - region[0] < 1 or region[3] - region[1] < 1:
            return
        mask = self._mask(px_shapes, region, shift).filter(ImageFilter.GaussianBlur(blur_px))
        for clip in self._clips:
            mask = ImageChops.multiply(mask, self._mask(clip, region))
        mask = mask.point(lambda v: round(v * opacity))
        size = (region[2] - region[0], region[3] - region[1])
        layer = Image.new("RGBA", size, (colour or self.shadow_colour) + (255,))
        layer.putalpha(mask)
        self.image.alpha_composite(layer, (region[0], region[1]))

    def contact(self, cx: float, y: float, width: float, height: float | None = None,
                opacity: float = 0.3) -> None:
        """The soft oval shadow where an object touches the ground."""
        height = height if height is not None else width * 0.16
        self.paint([ellipse((cx - width / 2 + 14, y - height / 2 + 4, cx + width / 2 + 14,
                             y + height / 2 + 4))], self.shadow_colour, shade=0,
                   alpha=opacity, blur=height * 0.35)

    def stroke(self, points: Sequence[Point], colour: RGB, width: float,
               alpha: float = 1.0) -> None:
        self.paint([line(points, width)], colour, shade=0, alpha=alpha)

    def highlight(self, shapes: Sequence[tuple], alpha: float = 0.35, blur: float = 0) -> None:
        """A white sheen (glass, glaze, oil) on the side facing the light."""
        self.paint(shapes, WHITE, shade=0, alpha=alpha, blur=blur)

    def finish(self, grain: float = 0.05) -> Image.Image:
        """Downscale for antialiasing, then add a faint paper texture and grain."""
        image = self.image.convert("RGB").resize((self.width, self.height),
                                                 Image.Resampling.LANCZOS)
        if grain <= 0:
            return image
        texture = Image.new("L", image.size)
        for kind in ("paper", "fine"):
            tile = _grain_tile(kind)
            layer = Image.new("L", image.size)
            for x in range(0, image.width, tile.width):
                for y in range(0, image.height, tile.height):
                    layer.paste(tile, (x, y))
            texture = layer if kind == "paper" else Image.blend(texture, layer, 0.7)
        textured = ImageChops.overlay(image, Image.merge("RGB", (texture,) * 3))
        return Image.blend(image, textured, grain)


# --------------------------------------------------------------------------- palettes

@dataclass(frozen=True)
class Palette:
    """Background colours of one OCOP group; all six share lightness and softness."""

    top: RGB      # background gradient
    bottom: RGB
    disc: RGB     # the large soft disc behind the product
    table: RGB    # the surface products stand on
    wall: RGB     # back wall of the still-life scene
    accent: RGB   # decorative leaves and dots
    accent2: RGB
    shadow: RGB   # shadows are tinted, never grey


def _palette(*colours: str) -> Palette:
    return Palette(*(hex_rgb(c) for c in colours))


PALETTES = {
    "food": _palette("#f8e6d2", "#f1d2b4", "#eebf95", "#e2a97c", "#efd2b6", "#d9785a",
                     "#8aa86a", "#6e3620"),
    "beverages": _palette("#e1efe9", "#c4ddd3", "#a7cfc1", "#86b5a6", "#cfe3da", "#3f8f7f",
                          "#e3a55a", "#1f4a42"),
    "herbal": _palette("#edf1dd", "#d6e2bd", "#bfd39c", "#a7bd82", "#dfe7c9", "#6f9650",
                       "#d9b45a", "#364a22"),
    "textiles": _palette("#f6e4e4", "#ebcacd", "#e0aab1", "#cf9099", "#efd5d7", "#b0505f",
                         "#e3b04b", "#5a2230"),
    "souvenirs": _palette("#f6ecd8", "#ecd9b2", "#e2c38d", "#d0a970", "#f0e1c2", "#b7864a",
                          "#5f8a6a", "#5a3e1e"),
    "tourism": _palette("#e3f0f6", "#c2dcea", "#a3cbe0", "#86b4cc", "#d3e6ef", "#3b86a8",
                        "#f0ad5c", "#1c4660"),
}


# --------------------------------------------------------------------------- shared props

def draw_leaf(c: Canvas, base: Point, tip: Point, width: float, colour: RGB,
              bend: float = 0.0, alpha: float = 1.0, vein: bool = True) -> None:
    c.paint([poly(leaf_points(base, tip, width, bend=bend))], colour, shade=0.14, alpha=alpha)
    if vein:
        mid = ((base[0] + tip[0]) / 2, (base[1] + tip[1]) / 2)
        dx, dy = tip[0] - base[0], tip[1] - base[1]
        length = math.hypot(dx, dy) or 1
        off = bend * length
        ctrl = (mid[0] - dy / length * off, mid[1] + dx / length * off)
        c.stroke(bezier(base, ctrl, tip, 10)[:-2], lighten(colour, 0.3), max(2, width * 0.06),
                 alpha=0.7 * alpha)


def draw_sprig(c: Canvas, rng: random.Random, start: Point, angle: float, length: float,
               colour: RGB, leaves: int = 5, alpha: float = 1.0, width: float = 1.0) -> None:
    """A stem with alternating leaves: the all-purpose garnish of the still lifes."""
    a = math.radians(angle)
    end = (start[0] + math.cos(a) * length, start[1] + math.sin(a) * length)
    bow = rng.uniform(-0.12, 0.12) * length
    ctrl = ((start[0] + end[0]) / 2 - math.sin(a) * bow, (start[1] + end[1]) / 2
            + math.cos(a) * bow)
    stem = bezier(start, ctrl, end, 20)
    c.stroke(stem, darken(colour, 0.15), 6 * width, alpha=alpha)
    for i in range(leaves):
        t = 0.25 + 0.75 * i / max(1, leaves - 1)
        x, y = stem[min(len(stem) - 1, round(t * (len(stem) - 1)))]
        side = 1 if i % 2 else -1
        la = a + side * math.radians(rng.uniform(35, 55))
        size = length * rng.uniform(0.26, 0.34) * (1.1 - 0.3 * t) * width
        tip = (x + math.cos(la) * size, y + math.sin(la) * size)
        draw_leaf(c, (x, y), tip, size * 0.45, jitter(colour, rng), bend=0.08 * side,
                  alpha=alpha)
    draw_leaf(c, end, (end[0] + math.cos(a) * length * 0.25, end[1] + math.sin(a) * length
                       * 0.25), length * 0.12 * width, colour, alpha=alpha)


def draw_bowl(c: Canvas, cx: float, rim_y: float, width: float, depth: float, colour: RGB,
              inside: RGB | None = None) -> Box:
    """A round bowl seen slightly from above; returns the box of its opening so callers can
    heap contents into it."""
    rx, ry = width / 2, width * 0.13
    body = lathe(cx, [(rx, rim_y), (rx * 0.97, rim_y + depth * 0.45), (rx * 0.78,
                 rim_y + depth * 0.9), (rx * 0.42, rim_y + depth)], steps=6)
    c.contact(cx, rim_y + depth, width * 0.8)
    foot = (cx - rx * 0.32, rim_y + depth * 0.92, cx + rx * 0.32, rim_y + depth * 1.05)
    c.paint([rect(foot, 8)], darken(colour, 0.2))
    c.paint([poly(body), ellipse((cx - rx, rim_y - ry, cx + rx, rim_y + ry))], colour,
            shade=0.2)
    opening = (cx - rx * 0.94, rim_y - ry * 0.86, cx + rx * 0.94, rim_y + ry * 0.86)
    c.paint([ellipse(opening)], inside or darken(colour, 0.25), shade=0.12)
    c.highlight([poly(leaf_points((cx - rx * 0.8, rim_y + depth * 0.15),
                                  (cx - rx * 0.45, rim_y + depth * 0.75), rx * 0.12))], 0.25)
    return opening


def draw_cup(c: Canvas, cx: float, ground: float, size: float, colour: RGB,
             drink: RGB) -> None:
    """A small handleless Vietnamese tea cup with a drink in it."""
    top = ground - size * 0.8
    rx = size / 2
    body = lathe(cx, [(rx, top), (rx * 0.95, top + size * 0.4), (rx * 0.7, ground - size * 0.05),
                      (rx * 0.45, ground)])
    c.contact(cx, ground, size * 0.9)
    c.paint([poly(body), ellipse((cx - rx, top - size * 0.1, cx + rx, top + size * 0.1))],
            colour, shade=0.18)
    c.paint([ellipse((cx - rx * 0.88, top - size * 0.08, cx + rx * 0.88, top + size * 0.08))],
            drink, shade=0.1)
    c.highlight([ellipse((cx - rx * 0.7, top + size * 0.15, cx - rx * 0.5, top + size * 0.55))],
                0.3)


def draw_unknown(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Fallback for a motif without a drawing: a plain parcel (never used by valid data)."""
    c.contact(500, GROUND, 420)
    c.paint([rect((300, 420, 700, GROUND), 40)], colour, shadow=True)


# --------------------------------------------------------------------------- motifs

GLASS: RGB = (226, 238, 236)
CREAM: RGB = (246, 238, 218)
KRAFT: RGB = (205, 164, 112)
WOOD: RGB = (176, 124, 74)
TWINE: RGB = (196, 160, 108)


def draw_glass(c: Canvas, body: list[Point], liquid: RGB | None, level: float,
               tint: RGB = GLASS, opacity: float = 0.5) -> None:
    """A glass vessel: translucent walls, the liquid up to `level`, a darker right edge."""
    shape = [poly(body)]
    xs, ys = [p[0] for p in body], [p[1] for p in body]
    x0, x1, y1 = min(xs), max(xs), max(ys)
    c.shadow(shape, opacity=0.22)
    c.paint(shape, Grad(lighten(tint, 0.5), darken(tint, 0.1), "h"), alpha=opacity)
    with c.clip(shape):
        if liquid is not None:
            c.paint([rect((x0 - 5, level, x1 + 5, y1 + 5))],
                    Grad(lighten(liquid, 0.2), darken(liquid, 0.32), "h"))
            c.paint([rect((x0 - 5, level - 3, x1 + 5, level + 7))], lighten(liquid, 0.45),
                    shade=0, alpha=0.6)
        c.paint([rect((x1 - (x1 - x0) * 0.14, min(ys) - 5, x1 + 5, y1 + 5))], INK, shade=0,
                alpha=0.12, blur=8)
    c.stroke(body + [body[0]], darken(tint, 0.45), 3, alpha=0.35)


def glass_shine(c: Canvas, body: list[Point], top: float | None = None) -> None:
    """Two vertical reflections on the lit (left) side of a glass body."""
    xs, ys = [p[0] for p in body], [p[1] for p in body]
    x0, x1 = min(xs), max(xs)
    w = x1 - x0
    y0, y1 = top if top is not None else min(ys), max(ys)
    with c.clip([poly(body)]):
        c.highlight([rect((x0 + w * 0.14, y0 + 20, x0 + w * 0.22, y1 - 30), w)], 0.45)
        c.highlight([rect((x0 + w * 0.27, y0 + 40, x0 + w * 0.3, y1 - 60), w)], 0.25)
        c.highlight([rect((x1 - w * 0.12, y0 + 40, x1 - w * 0.09, y1 - 50), w)], 0.18)


def draw_emblem(c: Canvas, cx: float, cy: float, r: float, colour: RGB, kind: str) -> None:
    """A wordless seal for labels: a ring with a wave, leaf, drop or flower inside."""
    c.paint([circle(cx, cy, r), cut(circle(cx, cy, r * 0.84))], colour, shade=0)
    ink = colour
    if kind == "wave":
        for k in (-0.25, 0.2):
            pts = [(cx - r * 0.6 + i * r * 0.12, cy + k * r + math.sin(i * 0.9) * r * 0.12)
                   for i in range(11)]
            c.stroke(pts, ink, r * 0.12)
    elif kind == "leaf":
        draw_leaf(c, (cx - r * 0.45, cy + r * 0.45), (cx + r * 0.5, cy - r * 0.5), r * 0.6,
                  ink)
    elif kind == "drop":
        c.paint([poly(smooth([(cx, cy - r * 0.6), (cx + r * 0.38, cy + r * 0.1),
                              (cx, cy + r * 0.55), (cx - r * 0.38, cy + r * 0.1)]))], ink)
    else:  # flower
        for i in range(5):
            a = i * 2 * math.pi / 5 - math.pi / 2
            c.paint([circle(cx + math.cos(a) * r * 0.32, cy + math.sin(a) * r * 0.32,
                            r * 0.24)], ink, shade=0)
        c.paint([circle(cx, cy, r * 0.18)], lighten(ink, 0.6), shade=0)


def draw_label(c: Canvas, box: Box, colour: RGB, emblem: str = "leaf",
               paper: RGB = CREAM) -> None:
    """A plain paper label band (call inside a clip of the vessel): stripes and a seal."""
    x0, y0, x1, y1 = box
    c.paint([rect(box)], Grad(lighten(paper, 0.3), darken(paper, 0.12), "h"))
    accent = colour if luma(colour) < 0.75 else darken(colour, 0.45)
    for y in (y0 + (y1 - y0) * 0.1, y1 - (y1 - y0) * 0.1):
        c.paint([rect((x0, y - 4, x1, y + 4))], accent, shade=0, alpha=0.85)
    draw_emblem(c, (x0 + x1) / 2, (y0 + y1) / 2, (y1 - y0) * 0.26, accent, emblem)


def draw_bottle(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Fish sauce (or syrup, shampoo): a tall glass bottle with a label band and a cap."""
    cx = 500
    # Several producers sell the same kind of bottle: vary its build, label and cap by slug.
    bw, neck, shoulder = rng.uniform(110, 134), rng.uniform(36, 44), rng.uniform(430, 480)
    body = lathe(cx, [(neck, 215), (neck, 300), (neck + 12, 350), (bw * 0.8, shoulder - 50),
                      (bw - 2, shoulder), (bw, shoulder + 100), (bw, 770), (bw - 8, 796),
                      (bw - 32, 803)])
    c.contact(cx, 800, bw * 2.6)
    draw_glass(c, body, colour, level=330)
    label_top = rng.uniform(shoulder + 50, 560)
    with c.clip([poly(body)]):
        draw_label(c, (cx - 140, label_top, cx + 140, label_top + rng.uniform(140, 180)),
                   colour, rng.choice(("wave", "wave", "drop")),
                   paper=rng.choice((CREAM, (236, 224, 196), (242, 232, 208))))
    glass_shine(c, body)
    cap = mix(colour, rng.choice(((168, 44, 38), (196, 150, 60), (64, 56, 52))), 0.55)
    c.paint([rect((cx - 47, 165, cx + 47, 232), 12)], cap, shade=0.25)
    for i in range(1, 6):  # the grip ridges of a screw cap
        x = cx - 47 + i * 94 / 6
        c.stroke([(x, 175), (x, 222)], darken(cap, 0.25), 3, alpha=0.5)
    c.paint([rect((cx - 50, 222, cx + 50, 236), 4)], darken(cap, 0.2))


def draw_wine_bottle(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Traditional wine: a slender long-necked bottle with a cork and a small cup beside."""
    cx = 450
    if rng.random() < 0.5:
        body = lathe(cx, [(28, 185), (28, 330), (38, 390), (80, 450), (98, 520), (100, 600),
                          (100, 775), (93, 797), (75, 803)])
    else:  # a rounder, gourd-like bottle as used for rice and corn spirits
        body = lathe(cx, [(28, 185), (28, 300), (44, 360), (96, 430), (118, 520),
                          (120, 640), (112, 760), (96, 797), (72, 803)])
    c.contact(cx, 800, 260)
    draw_glass(c, body, colour, level=360)
    with c.clip([poly(body)]):
        c.paint([rect((cx - 110, 560, cx + 110, 720))], KRAFT, shade=0.2)
        c.paint([rect((cx - 110, 575, cx + 110, 705))], CREAM, shade=0.1)
        draw_emblem(c, cx, 640, 38, darken(mix(colour, (120, 40, 50), 0.5), 0.2), "flower")
    glass_shine(c, body)
    c.paint([rect((cx - 24, 140, cx + 24, 200), 6)], (214, 180, 130), shade=0.2)
    seal = mix(colour, (150, 40, 45), 0.6) if luma(colour) > 0.6 else darken(colour, 0.15)
    c.paint([rect((cx - 33, 188, cx + 33, 250), 8)], seal, shade=0.25)
    c.paint([poly([(cx - 10, 250), (cx + 10, 250), (cx + 20, 300), (cx, 285),
                   (cx - 14, 302)])], seal)  # a dangling ribbon end of the wax seal
    draw_cup(c, 700, 800, 120, (236, 230, 218), colour)


def draw_oil_bottle(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Cooking oil: a round-bellied glass cruet of golden oil with a cork, and a drop."""
    cx = 470
    body = lathe(cx, [(34, 230), (34, 400), (60, 460), (150, 540), (175, 640), (160, 740),
                      (120, 790), (70, 803)])
    c.contact(cx, 800, 340)
    draw_glass(c, body, colour, level=450)
    glass_shine(c, body, top=470)
    c.paint([rect((cx - 30, 170, cx + 30, 240), 10)], (206, 170, 120), shade=0.2)
    c.stroke([(cx - 38, 236), (cx + 38, 236)], TWINE, 10)
    drop = smooth([(760, 520), (800, 610), (780, 655), (740, 655), (720, 610)])
    c.paint([poly(drop)], colour, shade=0.3, shadow=0.15)
    c.highlight([circle(745, 615, 9)], 0.6)
    draw_sprig(c, rng, (610, 800), -25, 230, (110, 150, 80), leaves=5)


def draw_dropper_bottle(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Essential oil: an amber dropper bottle with a rubber bulb, a drop and fine leaves."""
    cx = 450
    amber = mix((128, 66, 24), colour, 0.25)
    body = lathe(cx, [(62, 400), (96, 440), (122, 500), (124, 600), (124, 775),
                      (116, 797), (95, 803)])
    draw_sprig(c, rng, (560, 805), -30, 300, (102, 140, 84), leaves=7, width=0.7)
    c.contact(cx, 800, 320)
    draw_glass(c, body, colour, level=470, tint=amber, opacity=0.9)
    with c.clip([poly(body)]):
        draw_label(c, (cx - 130, 560, cx + 130, 720), darken(colour, 0.35), "drop")
    glass_shine(c, body)
    c.paint([rect((cx - 66, 345, cx + 66, 420), 10)], (52, 44, 48), shade=0.25)
    for i in range(1, 8):
        x = cx - 66 + i * 132 / 8
        c.stroke([(x, 355), (x, 410)], (90, 80, 84), 3, alpha=0.6)
    c.paint([poly(lathe(cx, [(18, 180), (48, 215), (52, 280), (40, 330), (46, 350)]))],
            (62, 54, 58), shade=0.25)
    c.highlight([rect((cx - 36, 220, cx - 24, 320), 6)], 0.3)
    drop = smooth([(690, 430), (722, 500), (705, 535), (675, 535), (658, 500)])
    c.paint([poly(drop)], colour if luma(colour) < 0.8 else darken(colour, 0.2), shade=0.3)
    c.highlight([circle(678, 505, 7)], 0.7)


def draw_honey_jar(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Honey: a round jar under a tied cloth cover, a wooden dipper and a piece of comb."""
    cx = 460
    body = lathe(cx, [(120, 395), (140, 430), (165, 500), (170, 620), (160, 740),
                      (140, 790), (110, 803)])
    c.contact(cx, 800, 380)
    draw_glass(c, body, colour, level=425)
    with c.clip([poly(body)]):
        c.paint([rect((cx - 200, 560, cx + 200, 690))], KRAFT, shade=0.2)
        draw_emblem(c, cx, 625, 42, (110, 70, 30), "flower")
    glass_shine(c, body, top=440)
    cloth = (196, 72, 58)
    skirt = smooth([(cx - 150, 335), (cx + 150, 335), (cx + 168, 400), (cx + 150, 440),
                    (cx + 100, 425), (cx + 50, 450), (cx, 430), (cx - 55, 452), (cx - 105, 428),
                    (cx - 152, 445), (cx - 170, 400)])
    c.paint([poly(skirt), ellipse((cx - 150, 305, cx + 150, 365))], cloth, shadow=0.2)
    with c.clip([poly(skirt), ellipse((cx - 150, 305, cx + 150, 365))]):
        for i in range(-6, 7):  # gingham check
            c.paint([rect((cx + i * 28 - 7, 280, cx + i * 28 + 7, 470))], WHITE, shade=0,
                    alpha=0.3)
            c.paint([rect((cx - 180, 300 + i * 28, cx + 180, 314 + i * 28))], WHITE, shade=0,
                    alpha=0.3)
    c.stroke([(cx - 130, 405), (cx, 414), (cx + 130, 405)], TWINE, 12)
    c.stroke(bezier((cx + 120, 408), (cx + 175, 440), (cx + 150, 480)), TWINE, 8)
    # the dipper rests on the ground against the jar, honey pooling under its head
    c.paint([ellipse((650, 775, 800, 812))], colour, shade=0.15)
    c.stroke([(770, 430), (700, 720)], WOOD, 18)
    head = rotate(ellipse_points(690, 745, 40, 62, 40), (690, 745), 14)
    c.paint([poly(head)], darken(WOOD, 0.05), shade=0.25, shadow=0.2)
    for k in (-30, -8, 14, 36):
        c.stroke(rotate([(650, 745 + k), (730, 745 + k)], (690, 745), 14),
                 darken(WOOD, 0.35), 6, alpha=0.7)
    c.paint([poly(smooth([(660, 770), (700, 775), (690, 800), (668, 798)]))], colour,
            alpha=0.9)
    comb_x, comb_y, r = 215, 745, 26
    cells = [(0, 0), (1, 0), (2, 0), (0.5, -0.85), (1.5, -0.85), (1, -1.7)]
    hexes = [poly([(comb_x + (i * 1.75) * r + r * math.cos(a), comb_y + j * 1.75 * r
                    + r * math.sin(a)) for a in (k * math.pi / 3 for k in range(6))])
             for i, j in cells]
    c.paint(hexes, darken(colour, 0.1), shade=0.2, shadow=0.2)
    for (i, j) in cells:
        x, y = comb_x + i * 1.75 * r, comb_y + j * 1.75 * r
        c.paint([circle(x, y, r * 0.62)], lighten(colour, 0.2), shade=0.2)
        c.highlight([circle(x - r * 0.2, y - r * 0.2, r * 0.16)], 0.5)


def draw_jar(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A paste or pollen jar: straight glass sides, a ridged metal lid and a kraft label."""
    cx = 470
    body = lathe(cx, [(135, 330), (150, 350), (155, 400), (155, 760), (145, 795),
                      (120, 803)])
    c.contact(cx, 800, 360)
    draw_glass(c, body, colour, level=360)
    if luma(colour) > 0.45:  # grainy contents (pollen, granules) get speckles
        with c.clip([poly(body)]):
            for _ in range(140):
                x, y = rng.uniform(cx - 150, cx + 150), rng.uniform(370, 800)
                c.paint([circle(x, y, rng.uniform(4, 8))], jitter(colour, rng, 0.25),
                        shade=0)
    with c.clip([poly(body)]):
        c.paint([rect((cx - 170, 500, cx + 170, 690))], KRAFT, shade=0.2)
        draw_emblem(c, cx, 595, 50, (90, 60, 30), "leaf")
    glass_shine(c, body)
    lid = (188, 152, 86)
    c.paint([rect((cx - 160, 255, cx + 160, 345), 14)], lid, shade=0.3, shadow=0.2)
    for i in range(1, 20):
        x = cx - 160 + i * 320 / 20
        c.stroke([(x, 265), (x, 335)], darken(lid, 0.25), 3, alpha=0.4)
    c.highlight([rect((cx - 145, 262, cx + 145, 274), 6)], 0.35)
    spoon = [(640, 800), (790, 730)]
    c.stroke(spoon, WOOD, 16)
    c.paint([poly(rotate(ellipse_points(640, 790, 60, 34, 36), (640, 790), -22))],
            lighten(WOOD, 0.05), shadow=0.2)
    c.paint([poly(rotate(smooth([(600, 790), (640, 765), (680, 785), (640, 800)]),
                         (640, 790), -22))], colour, shade=0.2)


def draw_tea_box(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Herbal tea: a lidded box in three-quarter view, a cup and a tea bag in front."""
    x0, x1, top, dx, dy = 250, 580, 330, 130, -75
    front = [(x0, top), (x1, top), (x1, 800), (x0, 800)]
    side = [(x1, top), (x1 + dx, top + dy), (x1 + dx, 800 + dy), (x1, 800)]
    lid = [(x0, top), (x0 + dx, top + dy), (x1 + dx, top + dy), (x1, top)]
    c.contact((x0 + x1 + dx) / 2, 790, 480)
    c.shadow([poly(front), poly(side), poly(lid)])
    c.paint([poly(front)], Grad(lighten(colour, 0.1), darken(colour, 0.12), "v"))
    c.paint([poly(side)], Grad(darken(colour, 0.25), darken(colour, 0.38), "v"))
    c.paint([poly(lid)], lighten(colour, 0.22), shade=0.05)
    rim = top + 70  # the lid's lower edge runs round the box
    c.paint([poly([(x0, rim - 3), (x1, rim - 3), (x1, rim + 5), (x0, rim + 5)])],
            darken(colour, 0.3), shade=0)
    c.paint([poly([(x1, rim - 3), (x1 + dx, rim + dy - 3), (x1 + dx, rim + dy + 5),
                   (x1, rim + 5)])], darken(colour, 0.45), shade=0)
    band = (x0, 470, x1, 690)
    c.paint([rect(band)], CREAM, shade=0.1)
    c.paint([poly([(x1, 470), (x1 + dx, 470 + dy), (x1 + dx, 690 + dy), (x1, 690)])],
            darken(CREAM, 0.25), shade=0)
    mid = ((x0 + x1) / 2, 580)
    for k, ang in ((-1, -60), (1, -120), (0, -90)):
        base = (mid[0] + k * 8, mid[1] + 60)
        a = math.radians(ang)
        draw_leaf(c, base, (base[0] + math.cos(a) * 120, base[1] + math.sin(a) * 120), 55,
                  darken(colour, 0.1) if k else colour)
    draw_cup(c, 760, 815, 130, (240, 236, 226), mix(colour, (190, 140, 60), 0.5))
    bag = rotate([(330, 840), (430, 840), (430, 910), (330, 910)], (380, 875), -8)
    c.paint([poly(bag)], (238, 228, 205), shadow=0.15)
    c.paint([poly(rotate([(350, 855), (410, 855), (410, 895), (350, 895)], (380, 875), -8))],
            mix(colour, (120, 90, 40), 0.5), shade=0.2)


def draw_tea_leaves(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Loose dried tea: a heap of curled leaves in a ceramic bowl, a fresh sprig and a cup."""
    draw_cup(c, 760, 720, 140, (238, 232, 220), mix(colour, (200, 150, 60), 0.5))
    opening = draw_bowl(c, 460, 590, 470, 210, (236, 226, 206))
    ox0, oy0, ox1, oy1 = opening
    heap = smooth([(ox0 + 10, (oy0 + oy1) / 2), (ox0 + 80, oy0 - 40), ((ox0 + ox1) / 2, oy0 - 95),
                   (ox1 - 80, oy0 - 45), (ox1 - 10, (oy0 + oy1) / 2), ((ox0 + ox1) / 2, oy1)])
    c.paint([poly(heap)], darken(colour, 0.2))
    with c.clip([poly(heap)]):
        for _ in range(90):
            x, y = rng.uniform(ox0, ox1), rng.uniform(oy0 - 100, oy1)
            a = rng.uniform(0, 360)
            pts = rotate(leaf_points((x - 22, y), (x + 22, y), 14, steps=6, bend=0.3),
                         (x, y), a)
            c.paint([poly(pts)], jitter(colour, rng, 0.25), shade=0.2)
    draw_sprig(c, rng, (330, 860), -12, 330, lighten(mix(colour, (80, 150, 60), 0.6), 0.1),
               leaves=5)

BAMBOO: RGB = (214, 178, 112)


def squash(points: Sequence[Point], cy: float, k: float) -> list[Point]:
    """Flatten points vertically around `cy`: things lying on a table seen at an angle."""
    return [(x, cy + (y - cy) * k) for x, y in points]


def draw_tray(c: Canvas, cx: float, cy: float, rx: float, ry: float,
              colour: RGB = BAMBOO, upright: bool = False) -> None:
    """A round woven bamboo tray (nia) lying on the ground, or standing on its rim."""
    if upright:
        c.contact(cx, cy + ry, rx * 1.6, opacity=0.3)
        c.paint([ellipse((cx - rx + 14, cy - ry, cx + rx + 14, cy + ry))], darken(colour, 0.3),
                shadow=0.2)
    else:
        c.contact(cx, cy + ry * 0.55, rx * 2.1, ry * 0.9, opacity=0.28)
        c.paint([ellipse((cx - rx, cy - ry + 14, cx + rx, cy + ry + 14))],
                darken(colour, 0.3))
    c.paint([ellipse((cx - rx, cy - ry, cx + rx, cy + ry))], colour, shade=0.18)
    inner = (cx - rx * 0.9, cy - ry * 0.9, cx + rx * 0.9, cy + ry * 0.9)
    c.paint([ellipse(inner)], darken(colour, 0.08), shade=0.12)
    with c.clip([ellipse(inner)]):
        for i in range(-24, 25):  # the criss-cross weave
            x = cx + i * rx / 12
            c.stroke([(x - ry, cy - ry), (x + ry, cy + ry)], darken(colour, 0.22), 3, alpha=0.45)
            c.stroke([(x + ry, cy - ry), (x - ry, cy + ry)], lighten(colour, 0.25), 3, alpha=0.4)


def draw_pouch(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A stand-up zip pouch with a window on its contents and a plain label."""
    outline = smooth([(300, 262), (500, 258), (700, 262), (716, 420), (724, 620), (716, 770),
                      (690, 800), (500, 806), (310, 800), (284, 770), (276, 620), (284, 420)],
                     steps=8)
    c.contact(500, 800, 480)
    c.paint([poly(outline)], Grad(lighten(colour, 0.15), darken(colour, 0.2), "h"), shadow=True)
    seal = [(300 + i * 20, 240 if i % 2 else 252) for i in range(21)]
    c.paint([poly(seal + [(700, 300), (300, 300)])], lighten(colour, 0.08), shade=0.1)
    c.paint([circle(300, 318, 9)], lighten(colour, 0.5), shade=0)  # tear notch
    c.stroke([(296, 320), (704, 320)], darken(colour, 0.3), 7)
    c.stroke([(296, 330), (704, 330)], lighten(colour, 0.3), 3, alpha=0.6)
    with c.clip([poly(outline)]):
        c.paint([rect((330, 370, 670, 520), 24)], CREAM, shade=0.1)
        draw_emblem(c, 500, 445, 48, darken(colour, 0.25), "leaf")
        window = (380, 570, 620, 740)
        contents = lighten(colour, 0.2) if luma(colour) < 0.5 else darken(colour, 0.1)
        c.paint([rect(window, 110)], contents, shade=0.2)
        with c.clip([rect(window, 110)]):
            for _ in range(70):
                x, y = rng.uniform(380, 620), rng.uniform(570, 740)
                c.paint([circle(x, y, rng.uniform(4, 9))], jitter(contents, rng, 0.3), shade=0)
            c.highlight([rect((400, 590, 430, 720), 15)], 0.35)
        c.paint([rect((276, 760, 724, 830))], INK, shade=0, alpha=0.1, blur=12)  # gusset fold
        for x, a in ((330, 0.3), (655, 0.12)):  # crinkles catching the light
            c.highlight([rect((x, 350, x + 16, 790), 8)], a, blur=6)


def draw_salt(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Sea salt: a mound of crystals in a wooden bowl, a scoop and crystals spilled."""
    opening = draw_bowl(c, 470, 610, 500, 190, WOOD, inside=darken(WOOD, 0.3))
    ox0, oy0, ox1, oy1 = opening
    mid = (ox0 + ox1) / 2
    heap = smooth([(ox0 + 6, (oy0 + oy1) / 2), (ox0 + 90, oy0 - 50), (mid, oy0 - 120),
                   (ox1 - 90, oy0 - 55), (ox1 - 6, (oy0 + oy1) / 2), (mid, oy1 - 4)])
    c.paint([poly(heap)], Grad(lighten(colour, 0.4), darken(colour, 0.12), "d"))
    with c.clip([poly(heap)]):
        for _ in range(160):
            x, y = rng.uniform(ox0, ox1), rng.uniform(oy0 - 130, oy1)
            r = rng.uniform(5, 11)
            crystal = rotate([(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
                             (x, y), rng.uniform(0, 90))
            c.paint([poly(crystal)], jitter(colour, rng, 0.18), shade=0.25)
        c.highlight([ellipse((mid - 130, oy0 - 110, mid + 10, oy0 - 20))], 0.25, blur=20)
    for _ in range(14):  # spilled crystals in front
        x, y = rng.uniform(250, 800), rng.uniform(830, 890)
        r = rng.uniform(7, 13)
        crystal = rotate([(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
                         (x, y), rng.uniform(0, 90))
        c.paint([poly(crystal)], jitter(colour, rng, 0.12), shade=0.3, shadow=0.2)
    c.stroke([(700, 860), (850, 790)], lighten(WOOD, 0.1), 18)
    scoop = rotate(ellipse_points(690, 860, 62, 36, 36), (690, 860), -20)
    c.paint([poly(scoop)], lighten(WOOD, 0.1), shadow=0.2)
    c.paint([poly(rotate(ellipse_points(686, 852, 48, 24, 36), (690, 860), -20))], colour,
            shade=0.25)


def draw_peppercorn(c: Canvas, x: float, y: float, r: float, colour: RGB,
                    rng: random.Random) -> None:
    c.paint([circle(x, y, r)], jitter(colour, rng, 0.12), shade=0.3)
    for _ in range(2):  # wrinkles of the dried skin
        a = rng.uniform(0, 2 * math.pi)
        c.stroke([(x + math.cos(a) * r * 0.2, y + math.sin(a) * r * 0.2),
                  (x + math.cos(a) * r * 0.75, y + math.sin(a) * r * 0.75)],
                 darken(colour, 0.35), max(2, r * 0.12), alpha=0.6)
    c.highlight([circle(x - r * 0.35, y - r * 0.35, r * 0.25)], 0.45)


def draw_pepper(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Black pepper: peppercorns heaped in a bowl and spilled, a green pepper spike."""
    opening = draw_bowl(c, 450, 600, 440, 200, (232, 226, 214), inside=(200, 190, 176))
    ox0, oy0, ox1, oy1 = opening
    mid = (ox0 + ox1) / 2
    heap = smooth([(ox0 + 6, (oy0 + oy1) / 2), (ox0 + 70, oy0 - 40), (mid, oy0 - 95),
                   (ox1 - 70, oy0 - 45), (ox1 - 6, (oy0 + oy1) / 2), (mid, oy1 - 4)])
    c.paint([poly(heap)], darken(colour, 0.3))
    with c.clip([poly(heap)]):
        for _ in range(150):
            draw_peppercorn(c, rng.uniform(ox0, ox1), rng.uniform(oy0 - 100, oy1),
                            rng.uniform(15, 19), colour, rng)
    for _ in range(16):
        x, y = rng.uniform(230, 820), rng.uniform(835, 900)
        c.shadow([circle(x, y, 16)], blur=5, opacity=0.25, offset=(6, 4))
        draw_peppercorn(c, x, y, rng.uniform(15, 18), colour, rng)
    # a fresh pepper spike: a curved stem of green berries, with a leaf
    stem = bezier((640, 480), (760, 520), (800, 690), 14)
    green = (98, 140, 60)
    draw_leaf(c, (650, 480), (800, 380), 110, (80, 125, 60), bend=0.1)
    c.stroke(stem, darken(green, 0.3), 6)
    for i, (x, y) in enumerate(stem[1:]):
        for side in (-1, 1):
            draw_peppercorn(c, x + side * 17, y + (i % 2) * 6, 15 - i * 0.4, green, rng)


def garlic_bulb(cx: float, base: float, w: float, h: float) -> list[Point]:
    return smooth([(cx, base - h), (cx + w * 0.08, base - h * 0.8), (cx + w * 0.42,
                  base - h * 0.5), (cx + w * 0.5, base - h * 0.2), (cx + w * 0.3, base),
                   (cx - w * 0.3, base), (cx - w * 0.5, base - h * 0.2),
                   (cx - w * 0.42, base - h * 0.5), (cx - w * 0.08, base - h * 0.8)])


def draw_garlic(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Black garlic: a whole papery bulb, a halved one showing black cloves, loose cloves."""
    skin = mix((240, 228, 206), colour, 0.08)
    cx, base, w, h = 400, 800, 400, 430
    bulb = garlic_bulb(cx, base, w, h)
    c.contact(cx, base, w * 0.9)
    c.paint([poly(bulb)], skin, shade=0.22, shadow=True)
    with c.clip([poly(bulb)]):
        for k in (-0.32, -0.12, 0.1, 0.3):  # the clove seams
            c.stroke(bezier((cx, base - h * 0.95), (cx + k * w * 1.6, base - h * 0.45),
                            (cx + k * w * 0.6, base)), darken(skin, 0.25), 5, alpha=0.7)
        for _ in range(5):  # dark patches where the black flesh shows through the skin
            k = rng.uniform(-0.4, 0.4)
            c.stroke(bezier((cx + k * w * 0.3, base - h * 0.7), (cx + k * w * 1.5,
                            base - h * 0.4), (cx + k * w * 0.7, base - 30)),
                     colour, rng.uniform(10, 22), alpha=0.22)
        c.highlight([ellipse((cx - w * 0.38, base - h * 0.55, cx - w * 0.18, base - h * 0.2))],
                    0.3, blur=12)
    c.stroke(bezier((cx, base - h + 10), (cx - 5, base - h - 40), (cx + 20, base - h - 70)),
             darken(skin, 0.1), 16)
    for i in range(7):  # roots
        x = cx - 50 + i * 16
        c.stroke([(x, base - 4), (x + rng.uniform(-10, 10), base + 14)], darken(skin, 0.2), 4)
    # the halved bulb shows its cross-section: a ring of skin around glossy black cloves
    hx, hy, hr = 680, 700, 120
    c.contact(hx, base, 260)
    face = ellipse_points(hx, hy, hr, hr * 0.92, 48)
    c.paint([poly(face)], skin, shade=0.2, shadow=True)
    for i in range(6):  # rounded wedges, narrow at the core and wide at the skin
        a = 2 * math.pi * i / 6 - math.pi / 2
        clove = rotate(smooth([(hx + hr * 0.14, hy), (hx + hr * 0.5, hy - hr * 0.3),
                               (hx + hr * 0.84, hy - hr * 0.22), (hx + hr * 0.86, hy + hr * 0.22),
                               (hx + hr * 0.5, hy + hr * 0.3)]), (hx, hy), math.degrees(a))
        c.paint([poly(clove)], jitter(colour, rng, 0.1), shade=0.35)
    c.paint([circle(hx, hy, hr * 0.12)], darken(skin, 0.1), shade=0)
    for x, y, a in ((250, 865, -20), (520, 880, 15), (640, 870, 70)):
        clove = rotate(smooth([(x - 38, y), (x, y - 30), (x + 40, y - 8), (x + 30, y + 20),
                               (x - 20, y + 22)]), (x, y), a)
        c.paint([poly(clove)], colour, shade=0.35, shadow=0.25)
        c.highlight([circle(x - 12, y - 8, 8)], 0.4)


def draw_mushroom(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Dried wood-ear (or lingzhi) fungus: ruffled glossy pieces on a bamboo tray."""
    draw_tray(c, 500, 700, 360, 150)
    spots = [(380, 630, 150), (600, 610, 140), (500, 700, 165), (320, 740, 120),
             (690, 730, 130)]
    for x, y, r in spots:
        turn = rng.uniform(-40, 40)
        outline = []
        for i in range(22):  # a wavy ear with a notch where it grew from the wood
            a = 2 * math.pi * i / 22
            notch = 0.55 if i == 5 else (0.85 if i in (4, 6) else 1.0)
            ruffle = 1 + 0.09 * math.sin(i * 2.7) + rng.uniform(-0.05, 0.05)
            outline.append((x + math.cos(a) * r * notch * ruffle,
                            y + math.sin(a) * r * 0.7 * notch * ruffle))
        pts = rotate(smooth(outline, steps=5), (x, y), turn)
        root = rotate([(x, y + r * 0.38)], (x, y), turn)[0]
        tone = jitter(colour, rng, 0.12)
        c.paint([poly(pts)], tone, shade=0.3, shadow=0.25)
        with c.clip([poly(pts)]):
            c.paint([ellipse((x - r * 0.55, y - r * 0.35, x + r * 0.5, y + r * 0.4))],
                    darken(tone, 0.25), shade=0, alpha=0.7, blur=r * 0.15)  # the cupped hollow
            for k in range(7):  # ridges fanning out from the root
                a = math.radians(turn - 160 + k * 23)
                tip = (root[0] + math.cos(a) * r * 1.1, root[1] + math.sin(a) * r * 0.9)
                c.stroke(bezier(root, ((root[0] + tip[0]) / 2 + 10, (root[1] + tip[1]) / 2),
                                tip, 8), lighten(tone, 0.22), r * 0.035, alpha=0.5)
            c.highlight([ellipse((x - r * 0.7, y - r * 0.6, x - r * 0.1, y - r * 0.3))],
                        0.3, blur=r * 0.08)
        c.stroke(pts + [pts[0]], lighten(tone, 0.25), r * 0.04, alpha=0.6)  # thin lit rim


def draw_chopsticks(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Wooden chopsticks: several pairs in a bamboo holder and one pair on a rest."""
    cx = 470

    def stick(top: Point, bottom: Point, width: float) -> list[Point]:
        dx, dy = bottom[0] - top[0], bottom[1] - top[1]
        length = math.hypot(dx, dy)
        nx, ny = -dy / length, dx / length
        w0, w1 = width / 2, width * 0.28
        return [(top[0] + nx * w0, top[1] + ny * w0), (bottom[0] + nx * w1, bottom[1] + ny * w1),
                (bottom[0] - nx * w1, bottom[1] - ny * w1), (top[0] - nx * w0, top[1] - ny * w0)]

    c.contact(cx, 800, 320)
    for i in range(10):  # five pairs, fanned out of the holder
        t = (i - 4.5) / 4.5
        top = (cx + t * 190 + rng.uniform(-6, 6), 140 + abs(t) * 90 + rng.uniform(-20, 20))
        tone = jitter(colour, rng, 0.12)
        foot = (cx + t * 60, 780)
        c.paint([poly(stick(top, foot, 22))], tone, shade=0.2, shadow=0.15)
        c.paint([poly(stick(top, (top[0] + (foot[0] - top[0]) * 0.12, top[1] + 75), 22))],
                lighten(tone, 0.35), shade=0.1)  # the pale end, as on lacquered sets
    holder = (cx - 120, 470, cx + 120, 800)
    c.paint([rect(holder, 24)], Grad(lighten(BAMBOO, 0.2), darken(BAMBOO, 0.2), "h"),
            shadow=True)
    c.paint([ellipse((cx - 120, 452, cx + 120, 492))], darken(BAMBOO, 0.25))
    for y in (590, 700):  # bamboo nodes
        c.paint([rect((cx - 120, y - 6, cx + 120, y + 6), 6)], darken(BAMBOO, 0.15), shade=0)
        c.highlight([rect((cx - 120, y - 8, cx + 120, y - 5))], 0.35)
    c.highlight([rect((cx - 92, 500, cx - 72, 780), 10)], 0.3)
    rest = (650, 838, 730, 868)
    c.paint([rect(rest, 14)], (236, 230, 220), shade=0.2, shadow=0.2)
    for offset in (0, 26):
        c.paint([poly(stick((250, 860 + offset), (860, 800 + offset), 26))],
                jitter(colour, rng, 0.08), shade=0.2, shadow=0.2)


def fish_shape(x: float, y: float, length: float, angle: float) -> tuple[list, list]:
    """A dried fish lying flat: (body, tail) polygons, head to the left before rotating."""
    h = length * 0.2
    body = smooth([(x - length * 0.5, y), (x - length * 0.35, y - h * 0.9), (x, y - h),
                   (x + length * 0.3, y - h * 0.55), (x + length * 0.38, y),
                   (x + length * 0.3, y + h * 0.55), (x, y + h * 0.95),
                   (x - length * 0.35, y + h * 0.8)])
    tail = [(x + length * 0.34, y), (x + length * 0.52, y - h * 0.85),
            (x + length * 0.47, y), (x + length * 0.52, y + h * 0.85)]
    return rotate(body, (x, y), angle), rotate(tail, (x, y), angle)


def draw_dried_fish(c: Canvas, rng: random.Random, colour: RGB,
                    variant: str | None = None) -> None:
    """Dried fish: sun-dried fish laid on a round bamboo tray (or dried squid)."""
    draw_tray(c, 500, 690, 390, 170, darken(BAMBOO, 0.22))
    if variant == "squid":
        draw_dried_squid(c, rng, colour)
        return
    layouts = (((420, 630, 470, -12), (570, 700, 490, 8), (460, 775, 430, -4)),
               ((400, 650, 480, 6), (600, 690, 470, -10), (500, 770, 440, 4)),
               ((470, 660, 540, -6), (520, 755, 520, 5)),
               ((380, 620, 400, -14), (600, 640, 400, 10), (420, 740, 410, 6),
                (620, 760, 400, -8)))
    for x, y, length, a in rng.choice(layouts):
        body, tail = fish_shape(x, y, length, a + rng.uniform(-4, 4))
        body, tail = squash(body, y, 0.8), squash(tail, y, 0.8)
        tone = jitter(colour, rng, 0.06)
        fin = squash(rotate([(x - length * 0.1, y - length * 0.18), (x + length * 0.05,
                                                                     y - length * 0.27),
                             (x + length * 0.22, y - length * 0.12)], (x, y), a), y, 0.8)
        c.paint([poly(tail), poly(fin)], darken(tone, 0.15), shadow=0.25)
        c.paint([poly(body)], tone, shade=0.28, shadow=0.3)
        with c.clip([poly(body)]):
            c.paint([poly(rotate([(x - length, y - 10), (x + length, y - 10), (x + length,
                                  y + 60), (x - length, y + 60)], (x, y), a))],
                    lighten(tone, 0.35), shade=0, alpha=0.5)  # the pale belly
            for k in range(-6, 7):  # the dried, ridged flesh
                px = x + k * length * 0.05
                c.stroke(rotate([(px, y - 50), (px + 16, y + 50)], (x, y), a),
                         darken(tone, 0.2), 3, alpha=0.35)
        ex, ey = rotate([(x - length * 0.38, y - length * 0.03)], (x, y), a)[0]
        ey = y + (ey - y) * 0.8
        c.paint([circle(ex, ey, length * 0.025)], darken(tone, 0.6), shade=0)
        c.highlight([circle(ex - 3, ey - 3, length * 0.008)], 0.8)
        gill = rotate(bezier((x - length * 0.3, y - 30), (x - length * 0.26, y),
                             (x - length * 0.3, y + 30), 8), (x, y), a)
        c.stroke(squash(gill, y, 0.8), darken(tone, 0.3), 4, alpha=0.7)
        c.stroke(body + [body[0]], darken(tone, 0.3), 3, alpha=0.6)


def draw_dried_squid(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Flattened dried squid on the tray: an arrow-headed mantle and a fringe of arms."""
    for x, y, a in rng.choice((((390, 690, -62), (610, 690, -118)),
                               ((360, 700, -70), (520, 680, -95), (660, 700, -120)))):
        tone = jitter(colour, rng, 0.06)

        def place(points: Sequence[Point], x: float = x, y: float = y, a: float = a
                  ) -> list[Point]:
            return squash(rotate([(x + px, y + py) for px, py in points], (x, y), a + 90),
                          y, 0.8)

        for k in range(8):  # arms, fanned out below the head
            side = (k - 3.5) / 3.5
            arm = place(bezier((side * 40, 130), (side * 70, 220), (side * 95, 300), 8))
            c.stroke(arm, darken(tone, 0.08), 16)
        fins = place([(0, -300), (115, -175), (30, -120), (-30, -120), (-115, -175)])
        mantle = place(smooth([(0, -250), (62, -150), (72, 0), (60, 120), (0, 145), (-60, 120),
                               (-72, 0), (-62, -150)]))
        c.paint([poly(fins)], lighten(tone, 0.05), shade=0.2, shadow=0.25)
        c.paint([poly(mantle)], tone, shade=0.25, shadow=0.25)
        with c.clip([poly(mantle)]):
            for k in range(-4, 5):  # the stretched, translucent flesh
                c.stroke(place([(k * 14, -230), (k * 16, 130)]), darken(tone, 0.12), 3,
                         alpha=0.4)
            for _ in range(6):
                px, py = rng.uniform(-50, 50), rng.uniform(-200, 100)
                c.paint([poly(place(ellipse_points(px, py, 8, 12, 10)))], darken(tone, 0.3),
                        shade=0, alpha=0.5)
        head = place(ellipse_points(0, 150, 42, 30, 16))
        c.paint([poly(head)], darken(tone, 0.06), shade=0.2)


def shrimp_shape(c: Canvas, x: float, y: float, size: float, angle: float, colour: RGB,
                 rng: random.Random) -> None:
    """A curled dried shrimp: shell segments along an arc, a fan tail and feelers."""
    segments = 7
    points = []
    for i in range(segments):
        a = math.radians(angle + 200 - i * 32)
        points.append((x + math.cos(a) * size * 0.5, y + math.sin(a) * size * 0.5,
                       size * (0.3 - i * 0.028)))
    c.shadow([circle(px, py, r) for px, py, r in points], blur=6, opacity=0.2, offset=(6, 5))
    hx, hy, _ = points[0]
    a0 = math.radians(angle + 200)
    for k in (-1, 1):  # feelers
        c.stroke(bezier((hx, hy), (hx + math.cos(a0 + k * 0.6) * size * 0.6, hy - size * 0.2),
                        (hx + math.cos(a0 + k * 0.3) * size * 0.9, hy + size * 0.3), 10),
                 darken(colour, 0.2), 3)
    tx, ty, tr = points[-1]
    at = math.radians(angle + 200 - segments * 32)
    for k in (-0.5, 0, 0.5):
        tip = (tx + math.cos(at + k) * size * 0.3, ty + math.sin(at + k) * size * 0.3)
        draw_leaf(c, (tx, ty), tip, size * 0.14, darken(colour, 0.05), vein=False)
    for i, (px, py, r) in enumerate(points):
        tone = lighten(colour, 0.12) if i % 2 else colour
        c.paint([circle(px, py, r)], tone, shade=0.3)
        c.paint([circle(px - r * 0.25, py - r * 0.25, r * 0.45)], lighten(tone, 0.25),
                shade=0, alpha=0.4)
    c.paint([circle(hx - size * 0.08, hy - size * 0.05, size * 0.035)], INK, shade=0)


def draw_shrimp(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Dried shrimp: a heap of small curled shrimp in a bowl and a few in front."""
    opening = draw_bowl(c, 470, 600, 480, 200, (236, 230, 218), inside=(208, 198, 182))
    ox0, oy0, ox1, oy1 = opening
    for _ in range(28):
        x = rng.uniform(ox0 + 50, ox1 - 50)
        y = rng.uniform(oy0 - 50, oy1 - 10) - (1 - abs(x - 470) / 230) * 40
        shrimp_shape(c, x, y, rng.uniform(80, 100), rng.uniform(0, 360),
                     jitter(colour, rng, 0.08), rng)
    for x, y, a in ((260, 860, 30), (640, 870, 200), (760, 840, 120)):
        shrimp_shape(c, x, y, 110, a, colour, rng)


LEAF_GREEN: RGB = (92, 140, 70)
BURLAP: RGB = (196, 168, 120)


def draw_banana_leaf(c: Canvas, cx: float, cy: float, length: float, width: float,
                     angle: float, colour: RGB = LEAF_GREEN) -> None:
    """A banana-leaf mat under food: long, with the fine veins running across it."""
    base = rotate([(cx - length / 2, cy)], (cx, cy), angle)[0]
    tip = rotate([(cx + length / 2, cy)], (cx, cy), angle)[0]
    pts = squash(leaf_points(base, tip, width, steps=20), cy, 0.55)
    c.paint([poly(pts)], colour, shade=0.18, shadow=0.2)
    with c.clip([poly(pts)]):
        for i in range(-24, 25):
            x = cx + i * length / 48
            c.stroke(squash(rotate([(x, cy), (x + width * 0.25, cy - width)], (cx, cy), angle),
                            cy, 0.55), lighten(colour, 0.18), 3, alpha=0.5)
            c.stroke(squash(rotate([(x, cy), (x + width * 0.25, cy + width)], (cx, cy), angle),
                            cy, 0.55), darken(colour, 0.12), 3, alpha=0.4)
    c.stroke(squash([base, tip], cy, 0.55), lighten(colour, 0.35), 8)


def draw_sweet_potato(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Khoai deo: chewy translucent strips of dried sweet potato on a banana leaf, and a
    whole purple-skinned sweet potato with a cut face."""
    draw_banana_leaf(c, 480, 740, 860, 380, -6)
    skin = (150, 62, 78)
    potato = rotate(smooth([(560, 560), (640, 520), (760, 525), (830, 560), (800, 610),
                            (700, 630), (600, 615)]), (700, 575), -8)
    c.paint([poly(potato)], skin, shade=0.25, shadow=True)
    c.paint([ellipse((545, 545, 600, 620))], (240, 170, 80), shade=0.2)  # the cut face
    for i in range(9):  # three overlapping rows of flat strips on the leaf
        x = 300 + (i % 3) * 190 + rng.uniform(-25, 25)
        y = 660 + (i // 3) * 65 + rng.uniform(-10, 10)
        a = rng.uniform(-22, 22)
        length, width = rng.uniform(230, 270), rng.uniform(78, 92)
        strip = rotate(smooth([(x - length / 2, y - width * 0.35), (x, y - width / 2),
                               (x + length / 2, y - width * 0.4), (x + length / 2 + 8, y),
                               (x + length / 2, y + width * 0.4), (x, y + width / 2),
                               (x - length / 2, y + width * 0.4), (x - length / 2 - 8, y)]),
                       (x, y), a)
        tone = jitter(colour, rng, 0.12)
        c.paint([poly(strip)], Grad(lighten(tone, 0.25), darken(tone, 0.2), "d"), shadow=0.2)
        with c.clip([poly(strip)]):
            for k in (-0.3, 0.15):  # fibres and the glassy, sugary sheen
                c.stroke(rotate([(x - length * 0.4, y + k * width), (x + length * 0.4,
                                  y + k * width)], (x, y), a), darken(tone, 0.2), 3, alpha=0.4)
            c.highlight([poly(rotate([(x - length * 0.35, y - width * 0.32),
                                      (x + length * 0.2, y - width * 0.32),
                                      (x + length * 0.2, y - width * 0.18),
                                      (x - length * 0.35, y - width * 0.18)], (x, y), a))], 0.35)


def chilli_shape(start: Point, ctrl: Point, end: Point, width: float) -> list[Point]:
    """A chilli pod around a curved centre line, fat at the stem and pointed at the tip."""
    centre = bezier(start, ctrl, end, 18)
    left, right = [], []
    for i, (x, y) in enumerate(centre):
        t = i / (len(centre) - 1)
        nx_, ny_ = centre[min(i + 1, len(centre) - 1)], centre[max(i - 1, 0)]
        dx, dy = nx_[0] - ny_[0], nx_[1] - ny_[1]
        n = math.hypot(dx, dy) or 1
        half = width / 2 * (1 - t ** 1.6) * (0.8 + 0.2 * math.sin(math.pi * min(1, t * 3)))
        left.append((x - dy / n * half, y + dx / n * half))
        right.append((x + dy / n * half, y - dx / n * half))
    return left + right[::-1]


def draw_one_chilli(c: Canvas, rng: random.Random, start: Point, angle: float,
                    length: float, colour: RGB) -> None:
    a = math.radians(angle)
    end = (start[0] + math.cos(a) * length, start[1] + math.sin(a) * length)
    bend = rng.uniform(-0.25, 0.25) * length
    ctrl = ((start[0] + end[0]) / 2 - math.sin(a) * bend,
            (start[1] + end[1]) / 2 + math.cos(a) * bend)
    pod = chilli_shape(start, ctrl, end, length * 0.22)
    tone = jitter(colour, rng, 0.1)
    c.paint([poly(pod)], tone, shade=0.3, shadow=0.22)
    c.highlight([line(bezier(start, ctrl, end, 10)[2:7], length * 0.04)], 0.4)
    green = (86, 122, 54)
    cap = [circle(start[0], start[1], length * 0.08)]
    c.paint(cap, green, shade=0.25)
    c.stroke(bezier(start, (start[0] - math.cos(a) * length * 0.1, start[1] - length * 0.12),
                    (start[0] - math.cos(a) * length * 0.18, start[1] - length * 0.08), 8),
             green, length * 0.035)


def draw_chilli(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Wild chillies: a heap of small pods in a shallow dish and a few large ones in front."""
    opening = draw_bowl(c, 460, 640, 520, 140, (232, 228, 216), inside=(212, 204, 190))
    ox0, oy0, ox1, oy1 = opening
    for _ in range(22):
        x = rng.uniform(ox0 + 40, ox1 - 120)
        y = rng.uniform(oy0 - 40, oy1 - 20) - (1 - abs(x - 430) / 250) * 30
        draw_one_chilli(c, rng, (x, y), rng.uniform(-40, 40), rng.uniform(110, 150), colour)
    for x, y, a in ((230, 850, -10), (520, 870, 5), (640, 800, -35)):
        draw_one_chilli(c, rng, (x, y), a, 240, colour)
    draw_sprig(c, rng, (700, 640), -60, 200, LEAF_GREEN, leaves=4)


def peanut_shell(x: float, y: float, size: float, angle: float) -> list[Point]:
    return rotate(smooth([(x - size * 0.5, y), (x - size * 0.42, y - size * 0.22),
                          (x - size * 0.2, y - size * 0.22), (x, y - size * 0.14),
                          (x + size * 0.22, y - size * 0.24), (x + size * 0.48, y - size * 0.14),
                          (x + size * 0.5, y + size * 0.04), (x + size * 0.3, y + size * 0.2),
                          (x, y + size * 0.12), (x - size * 0.3, y + size * 0.2)]),
                  (x, y), angle)


def draw_peanut(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Peanuts: a bowl of red-skinned kernels with peanuts in the shell around it."""
    shell = (214, 182, 130)
    opening = draw_bowl(c, 470, 610, 480, 190, (236, 230, 218), inside=(206, 196, 180))
    ox0, oy0, ox1, oy1 = opening
    heap = smooth([(ox0 + 6, (oy0 + oy1) / 2), (ox0 + 70, oy0 - 40), ((ox0 + ox1) / 2, oy0 - 90),
                   (ox1 - 70, oy0 - 45), (ox1 - 6, (oy0 + oy1) / 2), ((ox0 + ox1) / 2, oy1)])
    c.paint([poly(heap)], darken(colour, 0.4))
    with c.clip([poly(heap)]):
        for _ in range(45):
            x, y = rng.uniform(ox0, ox1), rng.uniform(oy0 - 95, oy1)
            kernel = rotate(ellipse_points(x, y, 38, 25, 20), (x, y), rng.uniform(0, 180))
            c.paint([poly(kernel)], jitter(colour, rng, 0.12), shade=0.35)
            c.highlight([ellipse((x - 22, y - 14, x - 2, y - 4))], 0.35)
    for x, y, a in ((230, 850, -15), (380, 880, 10), (640, 875, -30), (780, 840, 25),
                    (520, 900, 70)):
        pts = peanut_shell(x, y, 150, a)
        c.paint([poly(pts)], jitter(shell, rng, 0.06), shade=0.25, shadow=0.25)
        with c.clip([poly(pts)]):
            for _ in range(14):  # the netted shell
                px, py = x + rng.uniform(-70, 70), y + rng.uniform(-35, 35)
                c.paint([circle(px, py, rng.uniform(3, 6))], darken(shell, 0.22), shade=0,
                        alpha=0.6)
    for x, y in ((320, 810), (700, 900)):
        kernel = rotate(ellipse_points(x, y, 38, 25, 20), (x, y), rng.uniform(0, 180))
        c.paint([poly(kernel)], colour, shade=0.35, shadow=0.2)


def draw_grain(c: Canvas, x: float, y: float, size: float, angle: float,
               colour: RGB) -> None:
    c.paint([poly(rotate(ellipse_points(x, y, size, size * 0.42, 14), (x, y), angle))],
            colour, shade=0.3)


def draw_rice(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Rice: an open burlap sack full of grains, a wooden scoop and ripe rice ears."""
    for i in range(3):  # rice ears leaning behind the sack
        stem = bezier((620 + i * 30, 760), (700 + i * 40, 420), (560 + i * 90, 300 + i * 30), 16)
        c.stroke(stem, (196, 170, 90), 6)
        for j, (x, y) in enumerate(stem[6:]):
            for side in (-1, 1):
                draw_grain(c, x + side * 14, y + (j % 2) * 5, 15, 60 * side + 20,
                           (222, 188, 100))
    sack = smooth([(300, 430), (500, 420), (700, 430), (730, 560), (735, 700), (700, 795),
                   (500, 808), (300, 795), (265, 700), (270, 560)])
    c.contact(500, 800, 500)
    c.paint([poly(sack)], BURLAP, shade=0.22, shadow=True)
    with c.clip([poly(sack)]):
        for i in range(0, 60):  # woven jute
            x = 250 + i * 9
            c.stroke([(x, 400), (x, 820)], darken(BURLAP, 0.15), 3, alpha=0.35)
            c.stroke([(240, 400 + i * 9), (760, 400 + i * 9)], lighten(BURLAP, 0.2), 3,
                     alpha=0.3)
        c.paint([rect((250, 400, 760, 470))], INK, shade=0, alpha=0.12, blur=14)
    rim = ellipse((285, 390, 715, 470))
    c.paint([rim], darken(BURLAP, 0.1), shade=0.2)
    c.paint([ellipse((310, 398, 690, 458))], darken(colour, 0.08))
    heap = [poly(smooth([(315, 430), (400, 370), (500, 350), (600, 372), (685, 430),
                         (500, 455)]))]
    c.paint(heap, lighten(colour, 0.1), shade=0.15)
    with c.clip(heap):
        for _ in range(160):
            draw_grain(c, rng.uniform(310, 690), rng.uniform(345, 460), 13,
                       rng.uniform(0, 180), jitter(colour, rng, 0.1))
    c.stroke([(560, 360), (680, 240)], WOOD, 22)  # the scoop, pushed into the grains
    c.paint([poly(rotate(ellipse_points(530, 385, 70, 40, 30), (530, 385), -45))], WOOD,
            shade=0.2)
    for _ in range(40):  # spilled grains
        draw_grain(c, rng.uniform(220, 800), rng.uniform(820, 900), 13, rng.uniform(0, 180),
                   jitter(colour, rng, 0.08))


def draw_starch(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Turmeric (or arrowroot) starch: fine powder in a bowl, a spoonful, the fresh root."""
    root_skin = (176, 118, 60)
    for x, y, a in ((700, 640, -20), (760, 700, 15)):
        root = rotate(smooth([(x - 90, y), (x - 40, y - 28), (x + 20, y - 20), (x + 80, y - 34),
                              (x + 100, y - 6), (x + 60, y + 22), (x - 20, y + 24),
                              (x - 80, y + 18)]), (x, y), a)
        c.paint([poly(root)], root_skin, shade=0.25, shadow=0.25)
        with c.clip([poly(root)]):
            for k in (-40, 0, 40):  # rings on the rhizome
                c.stroke(rotate([(x + k, y - 40), (x + k + 6, y + 40)], (x, y), a),
                         darken(root_skin, 0.25), 4, alpha=0.6)
    cut_face = (660, 655, 700, 705)
    c.paint([ellipse(cut_face)], (236, 140, 30), shade=0.2)
    ceramic = (240, 236, 228) if luma(colour) < 0.8 else (106, 142, 160)  # white on blue
    opening = draw_bowl(c, 420, 610, 480, 200, ceramic, inside=darken(ceramic, 0.12))
    ox0, oy0, ox1, oy1 = opening
    heap = smooth([(ox0 + 4, (oy0 + oy1) / 2), (ox0 + 90, oy0 - 30), ((ox0 + ox1) / 2, oy0 - 70),
                   (ox1 - 90, oy0 - 35), (ox1 - 4, (oy0 + oy1) / 2), ((ox0 + ox1) / 2, oy1)])
    c.paint([poly(heap)], Grad(lighten(colour, 0.35), darken(colour, 0.1), "d"))
    with c.clip([poly(heap)]):
        c.highlight([ellipse((ox0 + 60, oy0 - 60, ox0 + 230, oy0 + 10))], 0.3, blur=24)
        for _ in range(120):  # the powder's fine texture
            c.paint([circle(rng.uniform(ox0, ox1), rng.uniform(oy0 - 70, oy1), 2.5)],
                    darken(colour, 0.15), shade=0, alpha=0.5)
    c.paint([ellipse((420, 830, 760, 900))], colour, shade=0, alpha=0.35, blur=14)  # dusting
    c.stroke([(470, 880), (250, 930)], WOOD, 20)
    spoon = rotate(ellipse_points(540, 860, 80, 45, 32), (540, 860), -12)
    c.paint([poly(spoon)], lighten(WOOD, 0.1), shadow=0.25)
    c.paint([poly(rotate(smooth([(480, 860), (540, 815), (600, 850), (540, 878)]), (540, 860),
                         -12))], lighten(colour, 0.1), shade=0.25)


def weave(c: Canvas, box: Box, colour: RGB, cell: float, slant: float = 0) -> None:
    """A checkerboard over/under weave (call inside a clip of the woven object)."""
    x0, y0, x1, y1 = box
    light, dark = lighten(colour, 0.2), darken(colour, 0.15)
    rows = int((y1 - y0) / cell) + 2
    cols = int((x1 - x0) / cell) + 2
    for j in range(rows):
        for i in range(cols):
            x, y = x0 + i * cell + slant * j, y0 + j * cell
            tone = light if (i + j) % 2 else dark
            c.paint([rect((x + 1, y + 1, x + cell - 1, y + cell - 1), cell * 0.3)], tone,
                    shade=0.2)


def draw_basket(c: Canvas, rng: random.Random, colour: RGB,
                variant: str | None = None) -> None:
    """A hand-woven bamboo basket with a looped handle or a lid (or a conical hat, or a set
    of trays, when the product says so)."""
    if variant == "hat":
        draw_conical_hat(c, rng, colour)
        return
    if variant == "trays":
        draw_trays(c, rng, colour)
        return
    cx = 500
    lidded = variant == "lidded" or (variant is None and rng.random() < 0.35)
    if not lidded:
        top = rng.uniform(60, 160)
        handle = [poly(bezier((cx - 230, 480), (cx, top), (cx + 230, 480), 30)
                       + bezier((cx + 200, 480), (cx, top + 60), (cx - 200, 480), 30))]
        c.paint(handle, darken(colour, 0.1), shade=0.25, shadow=0.2)
    body = lathe(cx, [(270, 470), (262, 560), (235, 680), (200, 780), (170, 800)])
    c.contact(cx, 798, 420)
    c.paint([poly(body)], colour, shadow=True)
    with c.clip([poly(body)]):
        weave(c, (cx - 290, 470, cx + 290, 820), colour, 34)
        c.paint([rect((cx - 300, 440, cx + 300, 830))],
                Grad(WHITE, INK, "h"), alpha=0.18)  # roundness: lit left, shaded right
        for y in (560, 690):
            c.paint([rect((cx - 300, y - 10, cx + 300, y + 10))], darken(colour, 0.25),
                    shade=0)
    c.paint([ellipse((cx - 272, 440, cx + 272, 500))], darken(colour, 0.35))  # the inside
    rim = [ellipse((cx - 282, 432, cx + 282, 508)), cut(ellipse((cx - 255, 446, cx + 255, 494)))]
    c.paint(rim, lighten(colour, 0.1), shade=0.25)
    if lidded:  # a domed woven lid with a knob instead of a handle
        lid = [chord((cx - 292, 350, cx + 292, 590), 180, 360),
               ellipse((cx - 292, 440, cx + 292, 500))]
        c.paint(lid, colour, shadow=0.2)
        with c.clip(lid):
            weave(c, (cx - 300, 340, cx + 300, 500), lighten(colour, 0.05), 30, slant=8)
            c.paint([rect((cx - 300, 340, cx + 300, 500))], Grad(WHITE, INK, "d"), alpha=0.15)
        c.paint([rect((cx - 296, 462, cx + 296, 484), 10)], darken(colour, 0.2), shade=0.2)
        c.paint([ellipse((cx - 40, 322, cx + 40, 368))], darken(colour, 0.15), shade=0.3)
    else:
        for x in (cx - 230, cx + 230):  # where the handle is lashed to the rim
            c.paint([ellipse((x - 26, 455, x + 26, 510))], darken(colour, 0.2), shade=0.2)


def draw_conical_hat(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A nón lá: a palm-leaf cone on bamboo rings, with a silk chin ribbon."""
    apex, cy, rx, ry = (500, 330), 720, 340, 80
    ribbon = (206, 84, 108)
    c.stroke(bezier((330, 735), (470, 900), (650, 745), 16), ribbon, 16)
    c.contact(500, cy + ry, rx * 2, ry * 1.1)
    cone = [poly([apex, (500 + rx, cy), (500 - rx, cy)]), chord((500 - rx, cy - ry, 500 + rx,
                                                                 cy + ry), 0, 180)]
    c.paint(cone, Grad(lighten(colour, 0.25), darken(colour, 0.22), "d"), shadow=True)
    with c.clip(cone):
        for k in range(1, 9):  # the bamboo rings under the leaves
            t = k / 9
            y, hx, hy = apex[1] + (cy - apex[1]) * t, rx * t, ry * t
            c.stroke(bezier((500 - hx, y), (500, y + hy * 2), (500 + hx, y), 16),
                     darken(colour, 0.18), 4, alpha=0.55)
        for k in range(-6, 7):  # leaf seams running down from the tip
            c.stroke([apex, (500 + k * rx / 6, cy + ry * (1 - abs(k) / 7))],
                     lighten(colour, 0.2), 3, alpha=0.45)
        c.paint([poly([apex, (500 + rx * 0.1, cy + ry), (500 + rx, cy + ry), (500 + rx, cy)])],
                INK, shade=0, alpha=0.12, blur=30)
    c.stroke(bezier((500 - rx, cy), (500, cy + ry * 2), (500 + rx, cy), 24), darken(colour, 0.3),
             6)
    c.paint([circle(apex[0], apex[1] + 4, 10)], darken(colour, 0.2), shade=0)


def draw_trays(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A set of woven bamboo trays: two standing on their rims behind, one lying in front."""
    draw_tray(c, 340, 520, 170, 200, darken(colour, 0.05), upright=True)
    draw_tray(c, 620, 540, 150, 180, lighten(colour, 0.05), upright=True)
    draw_tray(c, 500, 770, 330, 110, colour)


def draw_mat(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A sedge sleeping mat: part unrolled to show its woven stripes, the rest rolled."""
    stripe = (176, 58, 52)
    flat = [(190, 600), (810, 600), (880, 860), (120, 860)]
    c.shadow([poly(flat)], opacity=0.2)
    c.paint([poly(flat)], colour, shade=0.15)
    with c.clip([poly(flat)]):
        for i in range(70):  # sedge strands converging in perspective
            t = i / 69
            c.stroke([(190 + t * 620, 600), (120 + t * 760, 860)], darken(colour, 0.18), 3,
                     alpha=0.45)
        for y in (640, 700, 780):
            c.paint([rect((0, y, 1000, y + 14 + (y - 600) * 0.05))], stripe, shade=0)
        for i in range(9):  # small woven diamonds in the middle band
            x = 220 + i * 70
            c.paint([poly([(x, 725), (x + 18, 740), (x, 755), (x - 18, 740)])], (58, 110, 90),
                    shade=0)
    roll = (200, 440, 800, 610)
    c.paint([rect(roll, 85)], Grad(lighten(colour, 0.2), darken(colour, 0.2), "v"),
            shadow=True)
    with c.clip([rect(roll, 85)]):
        for x in range(200, 800, 9):
            c.stroke([(x, 440), (x, 610)], darken(colour, 0.15), 3, alpha=0.35)
        for x in (330, 520, 700):
            c.paint([rect((x, 430, x + 18, 620))], stripe, shade=0.2)
    end = (730, 440, 860, 610)
    c.paint([ellipse(end)], lighten(colour, 0.05), shade=0.2)
    for k in range(1, 6):  # the spiral seen at the end of the roll
        r = k / 6
        c.stroke(smooth(ellipse_points(795, 525, 65 * r, 85 * r, 16), closed=True)
                 + [(795 + 65 * r, 525)], darken(colour, 0.25), 3, alpha=0.6)
    for x in (360, 640):  # ties
        c.paint([rect((x - 9, 432, x + 9, 618), 6)], stripe, shade=0.25)


BROCADE_ACCENTS: tuple[RGB, ...] = ((240, 196, 76), (244, 238, 226), (40, 34, 40),
                                    (188, 46, 52), (44, 118, 98))


def brocade(c: Canvas, box: Box, colour: RGB, rng: random.Random, vertical: bool = False) -> None:
    """Bands of zigzags, diamonds and dots as in Bru-Vân Kiều brocade (inside a clip)."""
    x0, y0, x1, y1 = box
    accents = [a for a in BROCADE_ACCENTS if abs(luma(a) - luma(colour)) > 0.12
               or sum(abs(p - q) for p, q in zip(a, colour, strict=True)) > 150]
    c.paint([rect(box)], colour, shade=0.12)
    span = (x1 - x0) if vertical else (y1 - y0)
    pos, band = 0.0, 0
    while pos < span:
        size = rng.choice((18, 28, 40))
        tone = accents[band % len(accents)]
        b = ((x0 + pos, y0, x0 + pos + size, y1) if vertical
             else (x0, y0 + pos, x1, y0 + pos + size))
        kind = band % 3
        if kind == 0:
            c.paint([rect(b)], tone, shade=0)
        elif kind == 1:
            pts = []
            step = size
            length = (y1 - y0) if vertical else (x1 - x0)
            for i in range(int(length / step) + 2):
                along = i * step
                across = size if i % 2 else 0
                pts.append((b[0] + across, y0 + along) if vertical else (x0 + along, b[1] + across))
            c.stroke(pts, tone, 6)
        else:
            length = (y1 - y0) if vertical else (x1 - x0)
            for i in range(int(length / (size * 1.4)) + 1):
                along = i * size * 1.4
                cx_, cy_ = ((b[0] + b[2]) / 2, y0 + along) if vertical else (x0 + along,
                                                                           (b[1] + b[3]) / 2)
                r = size * 0.45
                c.paint([poly([(cx_, cy_ - r), (cx_ + r, cy_), (cx_, cy_ + r), (cx_ - r, cy_)])],
                        tone, shade=0)
                c.paint([circle(cx_, cy_, r * 0.25)], colour, shade=0)
        pos += size + rng.choice((10, 16, 24))
        band += 1


def draw_fabric(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Hand-woven brocade: a stack of folded cloths and a scarf with fringes in front."""
    layers = [(230, 470, 770, 560), (250, 390, 750, 475), (270, 310, 730, 395)]
    c.contact(500, 560, 560)
    for i, box in enumerate(layers):
        base = colour if i != 1 else mix(colour, (40, 34, 40), 0.6)
        c.paint([rect(box, 26)], base, shadow=0.25)
        with c.clip([rect(box, 26)]):
            brocade(c, box, base, rng, vertical=True)
            c.paint([rect(box)], Grad(WHITE, INK, "v"), alpha=0.16)
        c.highlight([rect((box[0] + 10, box[1] + 4, box[2] - 10, box[1] + 12), 4)], 0.35)
    scarf = smooth([(150, 600), (520, 575), (860, 610), (880, 700), (840, 790), (520, 770),
                    (140, 800), (120, 700)])
    c.paint([poly(scarf)], colour, shadow=True)
    with c.clip([poly(scarf)]):
        brocade(c, (100, 560, 900, 820), colour, rng)
        for x, a in ((330, 0.18), (650, 0.12)):  # soft folds
            c.paint([rect((x, 560, x + 60, 820))], INK, shade=0, alpha=a, blur=20)
            c.highlight([rect((x - 40, 560, x - 10, 820))], 0.2, blur=12)
    for i in range(26):  # fringe
        x = 150 + i * 27
        y = 800 - i * 1.2 + rng.uniform(-4, 4)
        c.stroke([(x, y - 8), (x + rng.uniform(-6, 6), y + 55)], darken(colour, 0.1), 7)



def rounded(points: Sequence[Point], radius: float, steps: int = 5) -> list[Point]:
    """A polygon with its corners rounded off (soap bars, boxes, boats)."""
    out: list[Point] = []
    count = len(points)
    for i in range(count):
        prev, here, nxt = points[i - 1], points[i], points[(i + 1) % count]
        d_in = math.hypot(here[0] - prev[0], here[1] - prev[1]) or 1
        d_out = math.hypot(nxt[0] - here[0], nxt[1] - here[1]) or 1
        r = min(radius, d_in / 2, d_out / 2)
        a = (here[0] + (prev[0] - here[0]) * r / d_in, here[1] + (prev[1] - here[1]) * r / d_in)
        b = (here[0] + (nxt[0] - here[0]) * r / d_out, here[1] + (nxt[1] - here[1]) * r / d_out)
        out += bezier(a, here, b, steps)
    return out


def draw_wood_carving(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Carved woodwork: a turned vase with carved lotus petals and hand-carved spoons."""
    cx = 420
    body = lathe(cx, [(70, 260), (62, 300), (90, 380), (160, 500), (175, 600), (150, 720),
                      (110, 780), (120, 800)])
    c.contact(cx, 800, 300)
    c.paint([poly(body)], Grad(lighten(colour, 0.2), darken(colour, 0.3), "h"), shadow=True)
    with c.clip([poly(body)]):
        for k in range(-8, 9):  # wood grain following the curve
            x = cx + k * 22
            c.stroke(bezier((x, 250), (x + k * 9, 520), (x, 800), 14), darken(colour, 0.2), 3,
                     alpha=0.4)
        for i in range(7):  # carved lotus petals round the belly
            px = cx - 180 + i * 60
            petal = leaf_points((px, 720), (px + 8, 520), 80, steps=10)
            c.paint([poly(petal)], lighten(colour, 0.12), shade=0.25)
            c.stroke(petal + [petal[0]], darken(colour, 0.35), 4, alpha=0.8)
        for y in (330, 360):
            c.paint([rect((cx - 200, y - 5, cx + 200, y + 5))], darken(colour, 0.35), shade=0)
        c.highlight([rect((cx - 120, 420, cx - 95, 720), 12)], 0.25, blur=6)
    c.paint([ellipse((cx - 70, 245, cx + 70, 275))], darken(colour, 0.4))
    for x, a in ((640, -8), (700, 6), (760, 20)):
        tone = jitter(lighten(colour, 0.1), rng, 0.08)
        handle = rotate([(x - 12, 420), (x + 12, 420), (x + 8, 640), (x - 8, 640)], (x, 700),
                        a)
        bowl = rotate(ellipse_points(x, 720, 48, 85, 30), (x, 700), a)
        c.paint([poly(handle), poly(bowl)], tone, shade=0.2, shadow=0.25)
        c.paint([poly(rotate(ellipse_points(x + 4, 726, 34, 66, 30), (x, 700), a))],
                darken(tone, 0.15), shade=0.2)
        c.highlight([poly(rotate(ellipse_points(x - 14, 700, 8, 30, 12), (x, 700), a))], 0.35)
    for _ in range(5):  # curls of shavings
        x, y = rng.uniform(200, 800), rng.uniform(840, 900)
        c.stroke(bezier((x, y), (x + 30, y - 30), (x + 50, y + 4), 10), lighten(colour, 0.3),
                 8, alpha=0.9)


def draw_vegetables(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Vegetables: a crate of leafy greens, or bamboo shoots when the colour is not green."""
    r, g, b = colour
    if g < max(r, b):
        draw_bamboo_shoots(c, rng, colour)
        return
    for i in range(9):  # leaves rising out of the crate, back to front
        x = 280 + i * 55 + rng.uniform(-15, 15)
        tip = (x + rng.uniform(-120, 120), rng.uniform(250, 380))
        tone = jitter(colour, rng, 0.15)
        draw_leaf(c, (x, 600), tip, rng.uniform(150, 200), tone, bend=rng.uniform(-0.1, 0.1))
    crate = (220, 540, 780, 800)
    c.contact(500, 800, 600)
    c.paint([rect(crate, 12)], WOOD, shade=0.2, shadow=True)
    for y in (560, 650, 740):  # slats with gaps
        c.paint([rect((230, y, 770, y + 70), 8)], lighten(WOOD, 0.12), shade=0.2)
        c.highlight([rect((240, y + 4, 760, y + 10), 3)], 0.3)
    for x in (250, 750):
        c.paint([rect((x - 20, 540, x + 20, 800), 6)], darken(WOOD, 0.1), shade=0.2)
    stem = (236, 240, 214)  # a bok choy lying in front
    for k in (-1, 0, 1):
        base = (380, 860 + k * 18)
        c.paint([poly(leaf_points(base, (640, 840 + k * 40), 70, 10))], stem, shade=0.2,
                shadow=0.2)
        draw_leaf(c, (580, 845 + k * 36), (800, 820 + k * 60), 150, jitter(colour, rng, 0.1))


def draw_bamboo_shoots(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Forest bamboo shoots: layered sheaths around a pointed shoot, one cut open."""
    for x, h, w, a in ((360, 520, 220, -6), (560, 460, 200, 8)):
        base = 800
        outline = rotate(smooth([(x - w / 2, base), (x - w * 0.45, base - h * 0.45),
                                 (x - w * 0.15, base - h * 0.9), (x + w * 0.05, base - h),
                                 (x + w * 0.2, base - h * 0.85), (x + w * 0.45, base - h * 0.45),
                                 (x + w / 2, base)]), (x, base), a)
        c.contact(x, base, w * 1.3)
        c.paint([poly(outline)], colour, shade=0.25, shadow=True)
        with c.clip([poly(outline)]):
            for k in range(6):  # overlapping sheaths
                y = base - k * h * 0.16
                sheath = rotate([(x - w, y), (x + w * 0.1, y - h * 0.3), (x + w, y + 20),
                                 (x + w, y + 40), (x - w, y + 40)], (x, base), a + (k % 2) * 10)
                c.paint([poly(sheath)], jitter(colour, rng, 0.12), shade=0.2)
                c.stroke(sheath[:3], darken(colour, 0.3), 4, alpha=0.6)
    cut_shoot = (720, 710, 880, 810)
    c.paint([ellipse(cut_shoot)], colour, shade=0.25, shadow=True)
    c.paint([ellipse((735, 720, 865, 800))], (236, 222, 180), shade=0.15)
    for k in (0.3, 0.6):
        c.stroke(ellipse_points(800, 760, 65 * k, 40 * k, 24) + [(800 + 65 * k, 760)],
                 darken((236, 222, 180), 0.2), 3)


def draw_meat(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Dried shredded meat: torn strips piled on a plate with chilli and lime leaves."""
    cx, cy = 490, 720
    c.contact(cx, cy + 60, 640, 110)
    c.paint([ellipse((cx - 320, cy - 110, cx + 320, cy + 110))], (236, 232, 222), shade=0.15)
    c.paint([ellipse((cx - 250, cy - 80, cx + 250, cy + 80))], (222, 216, 204), shade=0.1)
    for _ in range(16):
        x = cx + rng.uniform(-170, 170)
        y = cy - 40 + rng.uniform(-40, 50) - (1 - abs(x - cx) / 200) * 40
        length = rng.uniform(150, 230)
        a = rng.uniform(-35, 35)
        strip = rotate(smooth([(x - length / 2, y), (x - length * 0.2, y - 14),
                               (x + length * 0.25, y - 10), (x + length / 2, y + 2),
                               (x + length * 0.2, y + 18), (x - length * 0.3, y + 14)]),
                       (x, y), a)
        tone = jitter(colour, rng, 0.12)
        c.paint([poly(strip)], tone, shade=0.3, shadow=0.2)
        c.stroke(rotate([(x - length * 0.35, y), (x + length * 0.35, y + 2)], (x, y), a),
                 lighten(tone, 0.2), 3, alpha=0.5)  # fibres
    for _ in range(30):  # sesame seeds
        x, y = cx + rng.uniform(-200, 200), cy - 60 + rng.uniform(-60, 70)
        c.paint([poly(rotate(ellipse_points(x, y, 6, 3.5, 10), (x, y), rng.uniform(0, 180)))],
                (240, 226, 190), shade=0)
    draw_one_chilli(c, rng, (230, 840), -8, 200, (200, 40, 32))
    draw_leaf(c, (660, 850), (840, 800), 90, (78, 120, 58))
    draw_leaf(c, (650, 860), (800, 900), 80, (96, 140, 70))


def draw_cake(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Sesame rice crackers: a stack of thin round sheets on a banana leaf, one standing."""
    seeds = (44, 38, 40) if luma(colour) > 0.5 else (240, 228, 200)

    def sesame(box: Box, count: int) -> None:
        x0, y0, x1, y1 = box
        cxx, cyy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        for _ in range(count):
            a, d = rng.uniform(0, 2 * math.pi), math.sqrt(rng.random()) * 0.9
            x, y = cxx + math.cos(a) * d * rx, cyy + math.sin(a) * d * ry
            c.paint([poly(rotate(ellipse_points(x, y, rx * 0.022, rx * 0.013, 8), (x, y),
                                 rng.uniform(0, 180)))], seeds, shade=0, alpha=0.85)

    draw_banana_leaf(c, 500, 770, 820, 300, 4)
    standing = (420, 240, 760, 580)  # one sheet stands behind, showing its face
    c.paint([ellipse(standing)], colour, shade=0.2, shadow=True)
    c.paint([ellipse((440, 258, 740, 562))], lighten(colour, 0.08), shade=0.1)
    sesame(standing, 80)
    for i in range(6):  # the stack
        y = 760 - i * 22
        box = (220 + i * 4, y - 80, 600 + i * 4, y + 30)
        c.paint([ellipse((box[0], box[1] + 12, box[2], box[3] + 12))], darken(colour, 0.2))
        c.paint([ellipse(box)], jitter(colour, rng, 0.05), shade=0.15, shadow=0.15 if i == 0
                else False)
    sesame((244, 650, 604, 760), 60)
    c.highlight([ellipse((280, 665, 430, 700))], 0.3, blur=8)


def draw_soap(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Herbal soap: a stack of hand-cut bars with a pressed seal, twine and a sprig."""

    def bar(x0: float, x1: float, top: float, h: float, tone: RGB, depth: float) -> None:
        dx, dy = depth, -depth * 0.55
        face = rounded([(x0, top), (x1, top), (x1, top + h), (x0, top + h)], 16)
        side = rounded([(x1, top), (x1 + dx, top + dy), (x1 + dx, top + h + dy), (x1, top + h)],
                       10)
        lid = rounded([(x0, top), (x0 + dx, top + dy), (x1 + dx, top + dy), (x1, top)], 16)
        c.shadow([poly(face), poly(side), poly(lid)], opacity=0.25)
        c.paint([poly(face)], tone, shade=0.12)
        c.paint([poly(side)], darken(tone, 0.18), shade=0.08)
        c.paint([poly(lid)], lighten(tone, 0.18), shade=0.06)
        for _ in range(25):  # flecks of herbs in the soap
            x, y = rng.uniform(x0 + 15, x1 - 15), rng.uniform(top + 10, top + h - 10)
            c.paint([circle(x, y, rng.uniform(2, 4))], darken(tone, 0.35), shade=0, alpha=0.6)

    c.contact(520, 800, 640)
    bar(250, 650, 660, 140, colour, 130)
    bar(270, 640, 530, 130, jitter(colour, rng, 0.12), 120)
    top = (270 + 60, 530 - 33)
    c.paint([poly(squash(ellipse_points(top[0] + 125, top[1], 110, 110, 40), top[1], 0.38))],
            darken(lighten(colour, 0.18), 0.12), shade=0)  # the pressed round seal
    c.paint([poly(squash(ellipse_points(top[0] + 125, top[1], 88, 88, 40), top[1], 0.38))],
            lighten(colour, 0.18), shade=0)
    c.stroke([(270, 600), (640, 600)], TWINE, 12)
    c.stroke([(640, 600), (760, 534)], darken(TWINE, 0.1), 12)
    c.stroke(bezier((455, 600), (420, 640), (400, 700), 8), TWINE, 8)
    draw_sprig(c, rng, (340, 470), -15, 330, (104, 140, 80), leaves=6)
    c.paint([circle(455, 600, 14)], darken(TWINE, 0.15), shade=0.2)


def draw_herb_bundle(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Dried medicinal herbs: two bundles of leafy stems tied with twine, lying down."""
    for bx, by, angle, scale in ((470, 640, -28, 0.85), (520, 760, -12, 1.0)):
        tie = (bx - 160 * scale, by + 60 * scale)
        stems = []
        for i in range(14):
            spread = (i - 6.5) / 6.5
            a = math.radians(angle + spread * 16)
            length = 520 * scale * rng.uniform(0.85, 1.05)
            start = (tie[0] - math.cos(a) * 130 * scale, tie[1] - math.sin(a) * 130 * scale)
            end = (tie[0] + math.cos(a) * length, tie[1] + math.sin(a) * length)
            stems.append((start, end, a))
        tone = jitter(colour, rng, 0.1)
        c.shadow([line([s, e], 12) for s, e, _ in stems], opacity=0.2)
        for start, end, a in stems:
            c.stroke([start, end], darken(tone, 0.25), 7)
            for k in range(5):  # small dried leaves along the top half
                t = 0.45 + k * 0.12
                x = start[0] + (end[0] - start[0]) * t
                y = start[1] + (end[1] - start[1]) * t
                side = 1 if k % 2 else -1
                la = a + side * 0.8
                size = 60 * scale * rng.uniform(0.8, 1.2)
                draw_leaf(c, (x, y), (x + math.cos(la) * size, y + math.sin(la) * size),
                          size * 0.5, jitter(tone, rng, 0.15), vein=False)
        c.paint([poly(rotate([(tie[0] - 28, tie[1] - 48 * scale), (tie[0] + 28,
                                                                  tie[1] - 48 * scale),
                              (tie[0] + 28, tie[1] + 48 * scale), (tie[0] - 28,
                                                                  tie[1] + 48 * scale)],
                             tie, angle))], TWINE, shade=0.25)
    for _ in range(6):  # loose leaves
        x, y = rng.uniform(200, 820), rng.uniform(840, 900)
        a = rng.uniform(0, 2 * math.pi)
        draw_leaf(c, (x, y), (x + math.cos(a) * 50, y + math.sin(a) * 20), 26,
                  jitter(colour, rng, 0.15), vein=False)


def karst_peak(cx: float, base: float, width: float, height: float, lean: float = 0.0,
               rng: random.Random | None = None) -> list[Point]:
    """A limestone tower: steep sides and a rounded, slightly leaning top; with `rng` its
    profile gets the knobbly irregularity of real karst."""
    def j(k: float) -> float:
        return rng.uniform(-k, k) if rng else 0.0

    return smooth([(cx - width / 2, base), (cx - width * (0.42 + j(0.06)), base - height * 0.5),
                   (cx - width * (0.34 + j(0.05)) + lean * 0.7, base - height * (0.78 + j(0.06))),
                   (cx - width * 0.16 + lean, base - height * (0.97 + j(0.03))),
                   (cx + width * 0.08 + lean, base - height),
                   (cx + width * (0.26 + j(0.05)) + lean, base - height * (0.86 + j(0.06))),
                   (cx + width * (0.38 + j(0.05)) + lean * 0.5, base - height * (0.6 + j(0.08))),
                   (cx + width * 0.46, base - height * 0.3), (cx + width / 2, base)])


def draw_boat(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Community tourism: a wooden boat with a woven canopy and a rower in a conical hat,
    on a river between limestone peaks."""
    for cx, w, h, tone in ((300, 300, 420, (150, 178, 160)), (650, 340, 520, (128, 160, 140)),
                           (460, 260, 300, (110, 146, 120))):
        c.paint([poly(karst_peak(cx, 720, w, h, rng.uniform(-20, 20)))],
                Grad(lighten(tone, 0.2), tone, "v"))
    water = ellipse((80, 640, 920, 900))
    c.paint([water], Grad((150, 200, 214), (86, 150, 176), "v"))
    with c.clip([water]):
        for _ in range(14):
            x, y = rng.uniform(120, 860), rng.uniform(680, 880)
            c.stroke(bezier((x, y), (x + 30, y - 8), (x + 60, y), 6), WHITE, 5, alpha=0.5)
    hull = smooth([(220, 650), (360, 700), (640, 700), (800, 640), (760, 700), (660, 770),
                   (360, 770), (260, 710)])
    c.paint([ellipse((230, 740, 800, 800))], (40, 80, 100), shade=0, alpha=0.25, blur=8)
    canopy = [chord((400, 520, 640, 740), 180, 360)]
    c.paint(canopy, BAMBOO, shade=0.25)
    with c.clip(canopy):
        for i in range(12):
            c.stroke([(400 + i * 22, 520), (400 + i * 22, 640)], darken(BAMBOO, 0.25), 3,
                     alpha=0.6)
    c.paint([poly(hull)], colour, shade=0.25, shadow=0.2)
    c.stroke([(225, 652), (360, 700), (640, 700), (795, 642)], lighten(colour, 0.3), 8)
    # the rower at the stern
    c.stroke([(740, 600), (600, 860)], WOOD, 10)
    c.paint([rect((700, 560, 760, 680), 24)], (70, 96, 130), shade=0.2)
    c.paint([circle(730, 545, 24)], (214, 170, 130), shade=0.2)
    c.paint([poly([(730, 470), (800, 545), (660, 545)])], (232, 210, 150), shade=0.25)



# --------------------------------------------------------------------------- props
# Small companions for the still-life view, drawn like motifs (1000-unit frame, GROUND).

def prop_cup(c: Canvas, rng: random.Random, colour: RGB) -> None:
    draw_cup(c, 500, GROUND, 420, (240, 236, 226), colour)


def prop_sprig(c: Canvas, rng: random.Random, colour: RGB) -> None:
    draw_sprig(c, rng, (120, 820), -18, 760, colour, leaves=6, width=1.4)


def prop_berries(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Sim (rose myrtle) berries heaped in a small bowl."""
    opening = draw_bowl(c, 500, 560, 640, 240, (236, 230, 218), inside=(206, 196, 180))
    ox0, oy0, ox1, oy1 = opening
    for _ in range(26):
        x = rng.uniform(ox0 + 60, ox1 - 60)
        y = rng.uniform(oy0 - 70, oy1 - 20) - (1 - abs(x - 500) / 300) * 50
        r = rng.uniform(38, 48)
        c.paint([circle(x, y, r)], jitter(colour, rng, 0.12), shade=0.35)
        c.paint([circle(x + r * 0.1, y - r * 0.85, r * 0.22)], darken(colour, 0.4), shade=0)
        c.highlight([circle(x - r * 0.35, y - r * 0.3, r * 0.2)], 0.45)
    draw_leaf(c, (520, 470), (760, 360), 120, LEAF_GREEN)


def prop_lime(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A whole lime and a halved one."""
    lime = (120, 170, 60)
    c.contact(420, GROUND, 360)
    c.paint([ellipse((220, 560, 560, 800))], lime, shade=0.3, shadow=True)
    c.highlight([ellipse((280, 600, 380, 660))], 0.3, blur=10)
    face = (480, 560, 820, 800)
    c.contact(650, GROUND, 320)
    c.paint([ellipse(face)], lime, shade=0.25, shadow=True)
    c.paint([ellipse((500, 578, 800, 782))], (214, 232, 150), shade=0.1)
    for i in range(8):
        a = i * math.pi / 4
        seg = rotate(leaf_points((650, 680), (650 + 130, 680), 62, 8), (650, 680),
                     math.degrees(a))
        c.paint([poly(squash(seg, 680, 0.7))], (176, 210, 90), shade=0.15)


def prop_flowers(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A few small wild flowers lying on the table."""
    for i in range(3):
        x0, y0 = 160 + i * 90, 800 - i * 20
        head = (x0 + 440 + rng.uniform(-40, 40), 560 + i * 70)
        c.stroke(bezier((x0, y0), ((x0 + head[0]) / 2, y0 - 80), head, 12), LEAF_GREEN, 12)
        petal = jitter(colour, rng, 0.1)
        for k in range(6):
            a = k * math.pi / 3
            c.paint([circle(head[0] + math.cos(a) * 50, head[1] + math.sin(a) * 38, 38)], petal,
                    shade=0.2)
        c.paint([circle(*head, 30)], (240, 200, 80), shade=0.25)
        draw_leaf(c, ((x0 + head[0]) / 2, y0 - 40), ((x0 + head[0]) / 2 + 120, y0 - 130), 70,
                  LEAF_GREEN)


def prop_turmeric(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Fresh turmeric roots, one cut to show the orange inside."""
    skin = (176, 118, 60)
    for x, y, a in ((420, 700, -12), (560, 760, 10), (360, 790, 4)):
        root = rotate(smooth([(x - 200, y), (x - 90, y - 60), (x + 40, y - 45), (x + 170, y - 70),
                              (x + 220, y - 10), (x + 130, y + 45), (x - 40, y + 50),
                              (x - 170, y + 40)]), (x, y), a)
        c.paint([poly(root)], skin, shade=0.25, shadow=0.25)
        with c.clip([poly(root)]):
            for k in (-100, -20, 70, 150):
                c.stroke(rotate([(x + k, y - 90), (x + k + 12, y + 90)], (x, y), a),
                         darken(skin, 0.25), 8, alpha=0.6)
    c.paint([ellipse((130, 740, 230, 840))], colour, shade=0.2)


def prop_spools(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """Spools of dyed cotton thread."""
    tones = [colour, (240, 196, 76), (44, 118, 98)]
    for i, tone in enumerate(tones):
        x, base = 260 + i * 230, GROUND - (2 - i) * 40
        c.contact(x, base, 220)
        c.paint([rect((x - 90, base - 320, x + 90, base), 20)], WOOD, shade=0.2, shadow=True)
        c.paint([rect((x - 75, base - 295, x + 75, base - 25), 10)],
                Grad(lighten(tone, 0.25), darken(tone, 0.3), "h"))
        with c.clip([rect((x - 75, base - 295, x + 75, base - 25))]):
            for k in range(14):
                y = base - 290 + k * 20
                c.stroke([(x - 80, y), (x + 80, y + 8)], darken(tone, 0.2), 3, alpha=0.5)


def prop_rice_bowl(c: Canvas, rng: random.Random, colour: RGB) -> None:
    """A bowl of cooked rice, piled high."""
    opening = draw_bowl(c, 500, 560, 620, 250, (232, 236, 240), inside=(210, 214, 220))
    ox0, oy0, ox1, oy1 = opening
    heap = [poly(smooth([(ox0 + 10, (oy0 + oy1) / 2), (ox0 + 100, oy0 - 60), (500, oy0 - 120),
                         (ox1 - 100, oy0 - 60), (ox1 - 10, (oy0 + oy1) / 2), (500, oy1)]))]
    c.paint(heap, (246, 244, 236), shade=0.15)
    with c.clip(heap):
        for _ in range(90):
            draw_grain(c, rng.uniform(ox0, ox1), rng.uniform(oy0 - 120, oy1), 20,
                       rng.uniform(0, 180), (236, 232, 222))


PROPS: dict[str, Callable[[Canvas, random.Random, RGB], None]] = {
    "cup": prop_cup,
    "sprig": prop_sprig,
    "berries": prop_berries,
    "lime": prop_lime,
    "flowers": prop_flowers,
    "turmeric": prop_turmeric,
    "spools": prop_spools,
    "rice_bowl": prop_rice_bowl,
}

# What sits next to each product in the still life: (behind, in front); a colour of None
# means the product's own colour. Entries keyed (motif, group) override the motif's.
COMPANIONS: dict[str | tuple[str, str], tuple[tuple[str, str | None], ...]] = {
    "bottle": (("chilli", "#c8281e"), ("salt", "#f1efe8")),
    ("bottle", "herbal"): (("herb_bundle", "#6f7a3c"), ("flowers", "#e8a0b0")),
    ("bottle", "beverages"): (("berries", "#5a1838"), ("cup", None)),
    "wine_bottle": (("berries", "#5a1838"), ("sprig", "#5c8a3c")),
    "oil_bottle": (("peanut", "#b5602a"), ("sprig", "#5c8a3c")),
    "dropper_bottle": (("herb_bundle", "#6b7d45"), ("flowers", "#f2f0e6")),
    "honey_jar": (("flowers", "#f2c14e"), ("cup", "#c98a2a")),
    "jar": (("flowers", "#f2c14e"), ("sprig", "#5c8a3c")),
    ("jar", "herbal"): (("herb_bundle", "#6b7d45"), ("cup", "#8a6a2a")),
    "tea_box": (("tea_leaves", None), ("sprig", "#5c8a3c")),
    "tea_leaves": (("cup", "#b8903a"), ("sprig", "#5c8a3c")),
    "pouch": (("cup", None), ("sprig", "#5c8a3c")),
    "salt": (("chilli", "#c8281e"), ("lime", None)),
    "pepper": (("chilli", "#c8281e"), ("salt", "#f1efe8")),
    "garlic": (("chilli", "#c8281e"), ("sprig", "#5c8a3c")),
    "mushroom": (("chilli", "#c8281e"), ("sprig", "#5c8a3c")),
    ("mushroom", "beverages"): (("cup", "#8a4a2a"), ("herb_bundle", "#6b7d45")),
    "chopsticks": (("rice_bowl", None), ("sprig", "#5c8a3c")),
    "dried_fish": (("chilli", "#c8281e"), ("lime", None)),
    "shrimp": (("chilli", "#c8281e"), ("lime", None)),
    "sweet_potato": (("cup", "#b8903a"), ("sprig", "#5c8a3c")),
    "chilli": (("salt", "#f1efe8"), ("lime", None)),
    "peanut": (("chilli", "#c8281e"), ("sprig", "#5c8a3c")),
    "rice": (("rice_bowl", None), ("sprig", "#5c8a3c")),
    "starch": (("turmeric", "#e8942a"), ("cup", None)),
    "basket": (("flowers", "#f2f0e6"), ("sprig", "#5c8a3c")),
    "mat": (("basket", "#b98a4b"), ("sprig", "#5c8a3c")),
    "fabric": (("spools", None), ("basket", "#b98a4b")),
    "wood_carving": (("chopsticks", "#6a3a22"), ("sprig", "#5c8a3c")),
    "vegetables": (("basket", "#b98a4b"), ("chilli", "#c8281e")),
    "meat": (("chilli", "#c8281e"), ("lime", None)),
    "cake": (("cup", "#b8903a"), ("sprig", "#5c8a3c")),
    "soap": (("herb_bundle", "#6f7a3c"), ("flowers", "#e8a0b0")),
    "herb_bundle": (("cup", "#a8843a"), ("sprig", "#5c8a3c")),
    "boat": (("basket", "#b98a4b"), ("sprig", "#5c8a3c")),
}


def companions_for(motif: str, group: str) -> tuple[tuple[str, str | None], ...]:
    return COMPANIONS.get((motif, group)) or COMPANIONS[motif]


# === landscapes
# Banners and the hero are drawn straight onto the canvas in logical pixels; every scene
# adapts to the canvas's width and height, so one scene serves 1600×700 and 1000×1000.

TIMES_OF_DAY: dict[str, tuple[RGB, RGB, RGB]] = {  # sky top, sky at the horizon, sun
    "morning": ((150, 196, 224), (248, 228, 206), (255, 240, 214)),
    "noon": ((120, 180, 222), (218, 236, 242), (255, 251, 236)),
    "golden": ((124, 150, 198), (250, 206, 162), (255, 220, 164)),
}
FOREST: RGB = (62, 108, 80)
SAND: RGB = (242, 228, 198)
ROOF: RGB = (186, 84, 60)


@dataclass(frozen=True)
class Sky:
    top: RGB
    haze: RGB  # the colour far things fade into
    sun: RGB
    sun_x: float


def draw_sky(c: Canvas, rng: random.Random, horizon: float) -> Sky:
    """Gradient sky, a glowing sun, soft clouds and a few birds."""
    w = c.width
    top, haze, sun = TIMES_OF_DAY[rng.choice(list(TIMES_OF_DAY))]
    c.paint([rect((0, 0, w, horizon + 40))], Grad(top, haze, "v"))
    sx, sy = rng.uniform(0.15, 0.85) * w, horizon * rng.uniform(0.35, 0.65)
    r = min(w, horizon) * 0.08
    c.paint([circle(sx, sy, r * 4)], sun, shade=0, alpha=0.35, blur=r * 1.5)
    c.paint([circle(sx, sy, r)], sun, shade=0, alpha=0.95)
    for _ in range(rng.randint(2, 4)):
        x, y = rng.uniform(0, w), rng.uniform(0.12, 0.5) * horizon
        size = rng.uniform(0.04, 0.08) * w
        puffs = [circle(x + k * size * 0.55, y - rng.uniform(0.2, 0.6) * size * (1 - abs(k) / 3),
                        size * rng.uniform(0.35, 0.55)) for k in (-1.5, -0.7, 0, 0.8, 1.6)]
        puffs.append(rect((x - size * 1.2, y - size * 0.3, x + size * 1.3, y + size * 0.1),
                          size * 0.2))
        c.paint(puffs, Grad(WHITE, lighten(haze, 0.2), "v"), alpha=0.92)
    bx, by = rng.uniform(0.2, 0.8) * w, horizon * rng.uniform(0.2, 0.45)
    for _ in range(rng.randint(3, 5)):  # birds
        x, y, k = bx + rng.uniform(-80, 80), by + rng.uniform(-40, 40), rng.uniform(6, 11)
        c.stroke(bezier((x - k, y - k * 0.4), (x - k * 0.4, y - k * 0.7), (x, y), 6)
                 + bezier((x, y), (x + k * 0.4, y - k * 0.7), (x + k, y - k * 0.4), 6),
                 darken(top, 0.5), 2.5, alpha=0.6)
    return Sky(top, haze, sun, sx)


def ridge(rng: random.Random, w: float, y: float, amp: float, bottom: float,
          bumps: int = 6) -> list[Point]:
    """A soft rolling skyline across the whole width, closed down to `bottom`."""
    pts = [(-50, y + rng.uniform(-amp, amp))]
    for i in range(1, bumps):
        pts.append((w * i / bumps + rng.uniform(-w / bumps / 4, w / bumps / 4),
                    y + rng.uniform(-amp, amp)))
    pts.append((w + 50, y + rng.uniform(-amp, amp)))
    return smooth(pts, closed=False, steps=12) + [(w + 50, bottom), (-50, bottom)]


def ridge_y(points: Sequence[Point], x: float) -> float:
    """The height of a `ridge` skyline at `x`, to stand trees and boats on it."""
    line_pts = points[:-2]
    for (xa, ya), (xb, yb) in zip(line_pts, line_pts[1:], strict=False):
        if xa <= x <= xb:
            return ya + (yb - ya) * ((x - xa) / (xb - xa) if xb > xa else 0)
    return line_pts[-1][1]


def mist(c: Canvas, y: float, height: float, alpha: float = 0.35,
         x1: float | None = None) -> None:
    x1 = c.width + 50 if x1 is None else x1
    c.paint([rect((-50, y - height / 2, x1, y + height / 2))], WHITE, shade=0,
            alpha=alpha, blur=height * 0.5)


def tree_crowns(c: Canvas, rng: random.Random, x0: float, x1: float, y: float, size: float,
                colour: RGB, rows: int = 2) -> None:
    """A band of round tree crowns: forests at any distance."""
    for row in range(rows):
        x = x0
        while x < x1:
            r = size * rng.uniform(0.6, 1.5)
            tone = jitter(colour, rng, 0.1)
            cy = y + row * size * 0.8 + rng.uniform(-size * 0.6, size * 0.4)
            c.paint([circle(x, cy, r)], Grad(lighten(tone, 0.15), darken(tone, 0.12), "d"))
            x += r * rng.uniform(0.9, 1.4)


def karst_range(c: Canvas, rng: random.Random, base: float, height: float, colour: RGB,
                count: int, forest: bool, span: tuple[float, float] = (-0.05, 1.05),
                ground: bool = True) -> list[tuple]:
    """A row of limestone towers (placed within `span`, as fractions of the width) on a
    common forested base; returns their shapes."""
    w, h = c.width, c.height
    shapes = []
    xs = sorted(rng.uniform(*span) * w for _ in range(count))
    green = darken(mix(colour, FOREST, 0.35), 0.12)
    for x in xs:
        tw, th = height * rng.uniform(0.45, 0.8), height * rng.uniform(0.55, 1.0)
        peak = karst_peak(x, base + 20, tw, th, rng.uniform(-0.15, 0.15) * tw, rng)
        shapes.append(poly(peak))
        c.paint([poly(peak)], Grad(lighten(colour, 0.12), darken(colour, 0.08), "d"))
        with c.clip([poly(peak)]):  # the shaded right flank, limestone streaks, clinging trees
            c.paint([poly(karst_peak(x + tw * 0.32, base + 20, tw * 0.7, th * 0.98,
                                     rng.uniform(-0.1, 0.1) * tw))], darken(colour, 0.1),
                    shade=0, alpha=0.55)
            for _ in range(3):
                sx = x + rng.uniform(-0.3, 0.3) * tw
                c.stroke([(sx, base - th * rng.uniform(0.5, 0.9)), (sx + rng.uniform(-8, 8),
                                                                    base)],
                         lighten(colour, 0.15), tw * 0.03, alpha=0.35)
            if forest:  # clumps of trees on ledges, thicker towards the foot
                for _ in range(rng.randint(3, 5)):
                    fx = x + rng.uniform(-0.45, 0.45) * tw
                    fy = base - th * rng.uniform(0.05, 0.7) ** 1.4
                    tone = jitter(green, rng, 0.08)
                    clump = [circle(fx + rng.uniform(-1, 1) * height * 0.07,
                                    fy + rng.uniform(-0.4, 0.6) * height * 0.04,
                                    height * rng.uniform(0.025, 0.045)) for _ in range(9)]
                    c.paint(clump, Grad(lighten(tone, 0.1), darken(tone, 0.12), "d"))
    if ground:
        floor = ridge(rng, w, base, height * 0.04, h + 50, bumps=9)
    else:  # foothills only under the towers, sloping away at the right-hand end
        end = span[1] * w
        floor = smooth([(-50, base - height * 0.04), (end * 0.4, base - height * 0.07),
                        (end * 0.8, base - height * 0.03), (end + w * 0.06, base + height * 0.1)],
                       closed=False, steps=10) + [(end + w * 0.06, h + 50), (-50, h + 50)]
    ground_shape = [poly(floor)]
    c.paint(ground_shape, Grad(colour, darken(colour, 0.06), "v"))
    if forest:
        with c.clip(ground_shape):
            tree_crowns(c, rng, -20, w + 20, base + height * 0.03, height * 0.05, green,
                        rows=2)
    return shapes


def sampan(c: Canvas, x: float, y: float, size: float, colour: RGB) -> None:
    """A small river boat with a rower in a conical hat."""
    hull = smooth([(x - size, y - size * 0.22), (x - size * 0.5, y), (x + size * 0.5, y),
                   (x + size, y - size * 0.25), (x + size * 0.6, y + size * 0.18),
                   (x - size * 0.6, y + size * 0.18)])
    c.paint([ellipse((x - size, y + size * 0.1, x + size, y + size * 0.3))], INK, shade=0,
            alpha=0.15, blur=size * 0.06)
    c.paint([chord((x - size * 0.45, y - size * 0.45, x + size * 0.25, y + size * 0.3), 180,
                   360)], BAMBOO, shade=0.2)
    c.paint([poly(hull)], colour, shade=0.25)
    c.paint([rect((x + size * 0.45, y - size * 0.55, x + size * 0.65, y - size * 0.05),
                  size * 0.08)], (70, 96, 130), shade=0.15)
    c.paint([poly([(x + size * 0.55, y - size * 0.85), (x + size * 0.8, y - size * 0.55),
                   (x + size * 0.3, y - size * 0.55)])], (232, 210, 150), shade=0.2)
    c.stroke([(x + size * 0.7, y - size * 0.4), (x + size * 0.3, y + size * 0.35)], WOOD,
             max(2, size * 0.05))


def karst_scene(c: Canvas, rng: random.Random) -> None:
    """Phong Nha country: layers of limestone towers in mist, forest and the Son river."""
    w, h = c.width, c.height
    horizon = h * 0.5
    sky = draw_sky(c, rng, horizon)
    layers = 4
    for i in range(layers):
        t = i / (layers - 1)  # 0 = farthest
        base = horizon + h * (0.02 + 0.09 * i)
        colour = mix(mix((148, 170, 176), FOREST, t), sky.haze, (1 - t) * 0.5)
        karst_range(c, rng, base, h * (0.42 - 0.06 * i), colour, rng.randint(4, 7) - i // 2,
                    forest=i >= 1)
        if i < layers - 1:
            mist(c, base + h * 0.03, h * 0.07, 0.22 + 0.1 * (1 - t))
    water_top = h * 0.84
    river = ridge(rng, w, water_top, h * 0.015, h + 50, bumps=4)
    c.paint([poly(river)], Grad(mix(sky.haze, (110, 170, 170), 0.5), (70, 130, 140), "v"))
    with c.clip([poly(river)]):
        for _ in range(18):
            x, y = rng.uniform(0, w), rng.uniform(water_top + 10, h)
            c.stroke([(x, y), (x + rng.uniform(30, 90), y)], WHITE, 3, alpha=0.45)
        c.paint([rect((sky.sun_x - 30, water_top, sky.sun_x + 30, h))], sky.sun, shade=0,
                alpha=0.25, blur=20)
    sampan(c, rng.uniform(0.25, 0.75) * w, h * 0.92, h * 0.06, (110, 76, 50))
    for side in (0, 1):  # dark foliage framing the bottom corners
        x = -40 if side == 0 else w + 40
        for _ in range(5):
            a = (-60 if side == 0 else -120) + rng.uniform(-25, 25)
            length = h * rng.uniform(0.25, 0.4)
            tip = (x + math.cos(math.radians(a)) * length, h + math.sin(math.radians(a)) * length)
            draw_leaf(c, (x, h + 20), tip, length * 0.35, jitter(darken(FOREST, 0.2), rng),
                      vein=True)


# === more landscapes

BOAT_COLOURS: tuple[RGB, ...] = ((46, 98, 164), (38, 122, 112), (176, 62, 52), (52, 84, 130))


def fishing_boat(c: Canvas, x: float, y: float, size: float, rng: random.Random) -> None:
    """A painted wooden fishing boat with a cabin, a mast and a red flag."""
    hull_colour = rng.choice(BOAT_COLOURS)
    c.paint([ellipse((x - size, y + size * 0.12, x + size, y + size * 0.32))], INK, shade=0,
            alpha=0.18, blur=size * 0.06)
    c.stroke([(x + size * 0.1, y - size * 0.2), (x + size * 0.1, y - size * 1.1)], darken(WOOD,
             0.2), max(2, size * 0.04))
    c.paint([poly([(x + size * 0.12, y - size * 1.1), (x + size * 0.42, y - size * 1.02),
                   (x + size * 0.12, y - size * 0.94)])], (206, 48, 44), shade=0)
    c.paint([rect((x - size * 0.45, y - size * 0.45, x + size * 0.05, y - size * 0.12),
                  size * 0.05)], (236, 238, 232), shade=0.15)
    c.paint([rect((x - size * 0.5, y - size * 0.5, x + size * 0.1, y - size * 0.4),
                  size * 0.04)], (206, 70, 60), shade=0)
    hull = rounded([(x - size, y - size * 0.28), (x + size * 1.05, y - size * 0.2),
                    (x + size * 0.7, y + size * 0.2), (x - size * 0.7, y + size * 0.2)],
                   size * 0.1)
    c.paint([poly(hull)], hull_colour, shade=0.25)
    c.stroke([(x - size * 0.95, y - size * 0.2), (x + size * 0.98, y - size * 0.13)],
             (240, 236, 226), max(2, size * 0.06))
    c.paint([circle(x - size * 0.72, y - size * 0.08, size * 0.06)], (240, 236, 226), shade=0)


def basket_boat(c: Canvas, x: float, y: float, size: float) -> None:
    """A round woven coracle (thúng chai) pulled up on the sand."""
    colour = (92, 70, 52)
    c.paint([ellipse((x - size * 1.1, y - size * 0.05, x + size * 1.3, y + size * 0.35))],
            INK, shade=0, alpha=0.18, blur=size * 0.08)
    c.paint([chord((x - size, y - size * 0.8, x + size, y + size * 0.3), 0, 180)], colour,
            shade=0.25)
    with c.clip([chord((x - size, y - size * 0.8, x + size, y + size * 0.3), 0, 180)]):
        for k in range(-5, 6):
            c.stroke([(x + k * size * 0.2, y - size * 0.3), (x + k * size * 0.22, y + size)],
                     lighten(colour, 0.2), max(1.5, size * 0.03), alpha=0.5)
    c.paint([ellipse((x - size, y - size * 0.32, x + size, y - size * 0.18))], lighten(colour,
            0.25), shade=0)


def casuarina(c: Canvas, x: float, y: float, height: float, rng: random.Random,
              colour: RGB) -> None:
    """A casuarina (phi lao), the wind-break tree of the sand dunes: tall and feathery."""
    lean = rng.uniform(-0.12, 0.12) * height
    top = (x + lean, y - height)
    c.stroke(bezier((x, y), (x, y - height * 0.5), top, 10), (96, 74, 60),
             max(2, height * 0.03))
    for k in range(5):  # drooping, wind-combed clumps of needles
        t = 0.35 + k * 0.15
        cx, cy = x + lean * t + rng.uniform(-0.12, 0.12) * height, y - height * t
        rx, ry = height * rng.uniform(0.12, 0.2) * (1.1 - t * 0.5), height * 0.08
        tone = jitter(colour, rng, 0.1)
        clump = smooth(ellipse_points(cx, cy, rx, ry, 14, wobble=0.2, rng=rng))
        c.paint([poly(clump)], Grad(lighten(tone, 0.14), darken(tone, 0.12), "d"))


def grass_tuft(c: Canvas, x: float, y: float, size: float, colour: RGB,
               rng: random.Random) -> None:
    for _ in range(6):
        a = math.radians(-90 + rng.uniform(-40, 40))
        tip = (x + math.cos(a) * size, y + math.sin(a) * size)
        c.stroke(bezier((x, y), (x + math.cos(a) * size * 0.4, y - size * 0.6), tip, 6),
                 jitter(colour, rng, 0.1), max(1.5, size * 0.06))


def sand_dune(c: Canvas, x: float, base: float, width: float, height: float, tone: RGB,
              rng: random.Random) -> list[Point]:
    """A dune lit from the left: a sunny windward slope, a shaded lee slope and the sharp
    crest between them. Returns its outline."""
    peak = (x + width * rng.uniform(-0.05, 0.15), base - height)
    bottom = c.height + 50
    outline = smooth([(x - width * 0.7, base + height * 0.4), (x - width * 0.45, base),
                      (x - width * 0.25, base - height * 0.55), peak,
                      (x + width * 0.28, base - height * 0.5), (x + width * 0.45, base),
                      (x + width * 0.7, base + height * 0.4)], closed=False, steps=12) + [
        (x + width * 0.7, bottom), (x - width * 0.7, bottom)]
    c.paint([poly(outline)], Grad(lighten(tone, 0.45), tone, "v"))
    crest = bezier(peak, (peak[0] + width * 0.02, base - height * 0.4),
                   (peak[0] + width * 0.12, bottom), 12)
    with c.clip([poly(outline)]):
        c.paint([poly(crest + [(x + width, bottom), (x + width, peak[1] - 10)])],
                Grad(darken(tone, 0.1), darken(tone, 0.22), "v"), alpha=0.9)
        for k in range(3):  # ripples on the sunny side
            y = base - height * (0.15 + 0.2 * k)
            c.stroke(bezier((x - width * 0.4, y + 20), (x - width * 0.2, y - 10),
                            (peak[0] - width * 0.02, y + 10), 10), darken(tone, 0.1), 2.5,
                     alpha=0.4)
    return outline


def sea_band(c: Canvas, rng: random.Random, sky: Sky, top: float, bottom: float,
             x0: float = -10, x1: float | None = None) -> None:
    """The sea from the horizon down: deepening colour, wave strokes and sun glitter."""
    x1 = c.width + 10 if x1 is None else x1
    c.paint([rect((x0, top, x1, bottom))], Grad(mix((88, 160, 178), sky.haze, 0.35),
                                                (34, 118, 140), "v"))
    depth = bottom - top
    for _ in range(int(c.width / 25)):
        t = rng.random()
        y = top + depth * t ** 0.8
        x = rng.uniform(x0, x1)
        length = 10 + 60 * t
        c.stroke([(x, y), (x + length, y)], WHITE, 1.5 + 2.5 * t, alpha=0.35)
    for _ in range(30):  # glitter under the sun
        t = rng.random()
        y = top + depth * t
        x = sky.sun_x + rng.gauss(0, 20 + 60 * t)
        if x0 < x < x1:
            c.stroke([(x, y), (x + 10 + 30 * t, y)], sky.sun, 2 + 2 * t, alpha=0.6)


def coast_scene(c: Canvas, rng: random.Random) -> None:
    """The Quảng Bình coast: a calm sea with fishing boats, white dunes and casuarinas."""
    w, h = c.width, c.height
    horizon = h * rng.uniform(0.4, 0.48)
    sky = draw_sky(c, rng, horizon)
    for _ in range(rng.randint(1, 3)):  # islands and headlands far out
        x, iw, ih = rng.uniform(0, w), w * rng.uniform(0.08, 0.22), h * rng.uniform(0.03, 0.08)
        island = smooth([(x - iw / 2, horizon + 2), (x - iw * 0.3, horizon - ih * 0.7),
                         (x, horizon - ih), (x + iw * 0.25, horizon - ih * 0.8),
                         (x + iw / 2, horizon + 2)], closed=False)
        c.paint([poly(island)], mix((100, 146, 136), sky.haze, 0.55), shade=0)
    shore = h * 0.72
    sea_band(c, rng, sky, horizon, shore + h * 0.05)
    boats = sorted((rng.uniform(0.05, 0.95) * w, rng.uniform(0.08, 0.85)) for _ in
                   range(rng.randint(2, 4)))
    for x, t in sorted(boats, key=lambda b: b[1]):  # far boats first
        fishing_boat(c, x, horizon + (shore - horizon) * t, h * (0.02 + 0.07 * t), rng)
    foam = ridge(rng, w, shore, h * 0.012, shore + h * 0.03, bumps=10)
    c.paint([poly(foam)], WHITE, shade=0, alpha=0.7)
    dune_green = (70, 112, 78)
    beach = ridge(rng, w, shore + h * 0.01, h * 0.01, h + 50, bumps=6)
    c.paint([poly(beach)], Grad(mix(SAND, sky.haze, 0.3), SAND, "v"))
    grove = rng.uniform(0.15, 0.85) * w
    for _ in range(rng.randint(4, 7)):  # a casuarina wind-break behind the dunes
        x = grove + rng.gauss(0, w * 0.08)
        casuarina(c, x, shore + h * rng.uniform(0.05, 0.1), h * rng.uniform(0.16, 0.24), rng,
                  dune_green)
    for _ in range(rng.randint(1, 3)):
        basket_boat(c, rng.uniform(0.05, 0.95) * w, shore + h * 0.07, h * 0.045)
    dunes = sorted((rng.uniform(-0.05, 1.05) * w, rng.uniform(0, 1)) for _ in range(4))
    for x, t in sorted(dunes, key=lambda d: d[1]):  # back to front
        sand_dune(c, x, h * (0.92 + 0.1 * t), w * rng.uniform(0.4, 0.6),
                  h * rng.uniform(0.14, 0.24), mix(SAND, (226, 196, 150), 0.2 + 0.4 * t), rng)
    for _ in range(rng.randint(4, 8)):
        grass_tuft(c, rng.uniform(0, w), h * rng.uniform(0.93, 1.0), h * 0.06, dune_green,
                   rng)


# === river landscapes

FIELD_COLOURS: tuple[RGB, ...] = ((132, 182, 84), (160, 198, 92), (112, 162, 78),
                                  (206, 190, 104), (176, 204, 120), (150, 196, 178))


def palm(c: Canvas, x: float, y: float, height: float, rng: random.Random,
         colour: RGB = (66, 116, 70)) -> None:
    """A coconut palm: a curved trunk and drooping fronds."""
    lean = rng.uniform(-0.25, 0.25) * height
    top = (x + lean, y - height)
    c.stroke(bezier((x, y), (x + lean * 0.2, y - height * 0.6), top, 12), (120, 96, 70),
             max(2, height * 0.045))
    for k in range(9):  # fronds arch out and droop at the tips
        a = math.radians(-180 + k * 22.5 + rng.uniform(-6, 6))
        reach = height * rng.uniform(0.38, 0.48)
        tip = (top[0] + math.cos(a) * reach, top[1] + math.sin(a) * reach * 0.35
               + reach * 0.3 * abs(math.cos(a)))
        draw_leaf(c, top, tip, height * 0.11, jitter(colour, rng, 0.12),
                  bend=0.15 if tip[0] < top[0] else -0.15, vein=False)
    for k in (-1, 1):  # coconuts
        c.paint([circle(top[0] + k * height * 0.025, top[1] + height * 0.03, height * 0.025)],
                (120, 120, 60), shade=0.2)


def house(c: Canvas, x: float, y: float, size: float, rng: random.Random) -> None:
    """A small village house with a tiled roof."""
    c.paint([rect((x - size, y - size * 0.9, x + size, y))], (240, 232, 214), shade=0.12)
    c.paint([rect((x - size * 0.25, y - size * 0.55, x + size * 0.2, y))], (150, 110, 80),
            shade=0)
    roof = jitter(ROOF, rng, 0.08)
    c.paint([poly([(x - size * 1.25, y - size * 0.85), (x - size * 0.6, y - size * 1.55),
                   (x + size * 0.6, y - size * 1.55), (x + size * 1.25, y - size * 0.85)])],
            roof, shade=0.2)


def rice_fields(c: Canvas, rng: random.Random, top: float, vanish_x: float,
                haze: RGB) -> None:
    """Paddies in perspective: plots between dikes that converge towards `vanish_x`."""
    w, h = c.width, c.height
    rows = 8
    feet = sorted(rng.uniform(-1.2, 2.2) * w for _ in range(12)) + [-3 * w, 4 * w]
    feet.sort()

    def x_at(foot: float, y: float) -> float:
        return vanish_x + (foot - vanish_x) * (y - top + h * 0.02) / (h - top + h * 0.02)

    for j in range(rows):
        y0 = top + (h - top) * (j / rows) ** 1.5
        y1 = top + (h - top) * ((j + 1) / rows) ** 1.5 + 1
        t = (j + 0.5) / rows
        for a, b in zip(feet, feet[1:], strict=False):
            plot = [(x_at(a, y0), y0), (x_at(b, y0), y0), (x_at(b, y1), y1), (x_at(a, y1), y1)]
            tone = mix(rng.choice(FIELD_COLOURS), haze, 0.5 * (1 - t))
            c.paint([poly(plot)], Grad(lighten(tone, 0.08), darken(tone, 0.05), "v"))
            if j >= rows - 3:  # rows of rice plants in the near plots
                for k in range(1, 8):
                    ya = y0 + (y1 - y0) * k / 8
                    c.stroke([(x_at(a, ya), ya), (x_at(b, ya), ya)], darken(tone, 0.12),
                             1 + 2 * t, alpha=0.5)
        c.stroke([(-10, y1), (w + 10, y1)], lighten(mix((216, 204, 150), haze, 0.3), 0.1),
                 1 + 5 * t, alpha=0.85)
    for foot in feet:
        c.stroke([(x_at(foot, top), top), (x_at(foot, h + 50), h + 50)],
                 (222, 210, 160), 6, alpha=0.7)


def river_path(c: Canvas, rng: random.Random, start: Point, end_x: float,
               width: float, sky: Sky) -> list[Point]:
    """A river meandering from `start` (far) to the bottom edge, widening as it nears."""
    h = c.height
    phase = rng.uniform(0, math.pi)
    left, right = [], []
    for i in range(31):
        t = i / 30
        y = start[1] + (h + 20 - start[1]) * t ** 1.3
        x = start[0] + (end_x - start[0]) * t + math.sin(t * math.pi * 1.6 + phase) \
            * c.width * 0.12 * t
        half = 3 + width * t ** 1.2
        left.append((x - half, y))
        right.append((x + half, y))
    shape = [poly(left + right[::-1])]
    c.paint([poly([(x - 6, y + 3) for x, y in left] + [(x + 6, y + 3) for x, y in right[::-1]])],
            (112, 150, 90), shade=0)  # grassy banks
    c.paint(shape, Grad(mix(sky.haze, (140, 190, 200), 0.4), (70, 140, 160), "v"))
    with c.clip(shape):
        for _ in range(24):
            t = rng.random()
            y = start[1] + (h - start[1]) * t
            x = rng.uniform(0, c.width)
            c.stroke([(x, y), (x + 20 + 60 * t, y)], WHITE, 1.5 + 2 * t, alpha=0.45)
    return [((a[0] + b[0]) / 2, a[1]) for a, b in zip(left, right, strict=True)]


def river_scene(c: Canvas, rng: random.Random) -> None:
    """Lệ Thủy and the Gianh: rice fields to the hills, a winding river, palms and houses."""
    w, h = c.width, c.height
    horizon = h * rng.uniform(0.36, 0.44)
    sky = draw_sky(c, rng, horizon)
    hills = ridge(rng, w, horizon - h * 0.06, h * 0.05, horizon + 10, bumps=5)
    c.paint([poly(hills)], mix((120, 150, 140), sky.haze, 0.6), shade=0)
    karst_range(c, rng, horizon + 2, h * 0.16, mix((130, 160, 150), sky.haze, 0.45),
                rng.randint(2, 4), forest=False)
    vanish = rng.uniform(0.3, 0.7) * w
    rice_fields(c, rng, horizon + 2, vanish, sky.haze)
    tree_crowns(c, rng, -20, w + 20, horizon + h * 0.01, h * 0.018,
                mix(FOREST, sky.haze, 0.35), rows=1)
    for _ in range(rng.randint(2, 4)):
        house(c, rng.uniform(0.05, 0.95) * w, horizon + h * rng.uniform(0.03, 0.06),
              h * 0.02, rng)
    course = river_path(c, rng, (vanish + rng.uniform(-0.1, 0.1) * w, horizon + h * 0.02),
                        rng.choice((0.2, 0.8)) * w, h * 0.28, sky)
    for _ in range(rng.randint(3, 6)):  # palms and egrets in the fields
        t = rng.uniform(0.2, 1.0)
        palm(c, rng.uniform(0, w), horizon + (h - horizon) * t ** 1.5, h * (0.08 + 0.3 * t),
             rng)
    for _ in range(rng.randint(3, 6)):  # egrets wading in the paddies
        t = rng.uniform(0.3, 0.9)
        x, y, k = rng.uniform(0, w), horizon + (h - horizon) * t, h * 0.014 * (0.5 + t)
        c.paint([poly(rotate(ellipse_points(x, y, k, k * 0.45, 16), (x, y), -20)),
                 line(bezier((x + k * 0.7, y - k * 0.2), (x + k * 0.6, y - k * 1.2),
                             (x + k * 1.1, y - k * 1.5), 6), k * 0.25),
                 circle(x + k * 1.15, y - k * 1.55, k * 0.22)], WHITE, shade=0.1)
        c.stroke([(x + k * 1.3, y - k * 1.55), (x + k * 1.8, y - k * 1.45)], (220, 170, 60),
                 k * 0.12)
    bx, by = course[int(len(course) * 0.85)]
    sampan(c, bx, by, h * 0.05, (110, 76, 50))


def hero_scene(c: Canvas, rng: random.Random) -> None:
    """The home page: karst mountains on the left, rice fields and a river running to the
    sea and the dunes on the right."""
    w, h = c.width, c.height
    horizon = h * 0.44
    sky = draw_sky(c, rng, horizon)
    sea_band(c, rng, sky, horizon, horizon + h * 0.08, x0=w * 0.4)
    for _ in range(2):
        fishing_boat(c, rng.uniform(0.6, 0.95) * w, horizon + h * rng.uniform(0.02, 0.05),
                     h * 0.02, rng)
    for i in range(3):
        t = i / 2
        colour = mix(mix((148, 170, 176), FOREST, t), sky.haze, (1 - t) * 0.5)
        base = horizon + h * (0.04 + 0.015 * i)
        end = 0.5 - 0.08 * i
        karst_range(c, rng, base, h * (0.42 - 0.08 * i), colour, 6 - i, forest=i >= 1,
                    span=(-0.05, end), ground=False)
        mist(c, base, h * 0.05, 0.2, x1=w * end)
    land = [poly(smooth([(-50, horizon + h * 0.1), (w * 0.4, horizon + h * 0.1),
                         (w * 0.75, horizon + h * 0.075), (w + 50, horizon + h * 0.075)],
                        closed=False) + [(w + 50, h + 50), (-50, h + 50)])]
    with c.clip(land):
        rice_fields(c, rng, horizon + h * 0.07, w * 0.55, sky.haze)
    course = river_path(c, rng, (w * 0.7, horizon + h * 0.08), w * 0.3, h * 0.24, sky)
    for x in (0.8, 0.84, 0.87, 0.92):  # casuarinas behind the dunes
        casuarina(c, x * w, h * 0.86, h * rng.uniform(0.17, 0.23), rng, (70, 112, 78))
    for i, x in enumerate((0.76, 0.9, 1.04)):
        sand_dune(c, x * w, h * (0.98 + 0.03 * i), w * 0.42, h * 0.15,
                  mix(SAND, (226, 196, 150), 0.2 + 0.2 * i), rng)
    for x, t in ((0.1, 0.95), (0.17, 0.75), (0.5, 0.55)):
        palm(c, x * w, horizon + (h - horizon) * t, h * 0.32 * t, rng)
    bx, by = course[int(len(course) * 0.8)]
    sampan(c, bx, by, h * 0.05, (110, 76, 50))


LANDSCAPES: dict[str, Callable[[Canvas, random.Random], None]] = {
    "coast": coast_scene,
    "karst": karst_scene,
    "river": river_scene,
    "hero": hero_scene,
}
# Each former district gets the landscape it is known for.
DISTRICT_SCENES = {
    "dong-hoi": "coast", "quang-ninh": "coast", "quang-trach": "coast",
    "minh-hoa": "karst", "tuyen-hoa": "karst", "bo-trach": "karst",
    "le-thuy": "river", "ba-don": "river",
}


def draw_landscape(c: Canvas, kind: str, rng: random.Random) -> None:
    LANDSCAPES[kind](c, rng)



# --------------------------------------------------------------------------- compositions

MOTIFS: dict[str, Callable[[Canvas, random.Random, RGB], None]] = {
    "bottle": draw_bottle,
    "wine_bottle": draw_wine_bottle,
    "oil_bottle": draw_oil_bottle,
    "dropper_bottle": draw_dropper_bottle,
    "honey_jar": draw_honey_jar,
    "jar": draw_jar,
    "tea_box": draw_tea_box,
    "tea_leaves": draw_tea_leaves,
    "pouch": draw_pouch,
    "salt": draw_salt,
    "pepper": draw_pepper,
    "garlic": draw_garlic,
    "mushroom": draw_mushroom,
    "chopsticks": draw_chopsticks,
    "dried_fish": draw_dried_fish,
    "shrimp": draw_shrimp,
    "sweet_potato": draw_sweet_potato,
    "chilli": draw_chilli,
    "peanut": draw_peanut,
    "rice": draw_rice,
    "starch": draw_starch,
    "basket": draw_basket,
    "mat": draw_mat,
    "fabric": draw_fabric,
    "wood_carving": draw_wood_carving,
    "vegetables": draw_vegetables,
    "meat": draw_meat,
    "cake": draw_cake,
    "soap": draw_soap,
    "herb_bundle": draw_herb_bundle,
    "boat": draw_boat,
}


# A few products say in their slug what the motif alone cannot (a nón lá is filed under
# "basket", dried squid under "dried_fish"); these words pick a variant of the drawing.
VARIANT_HINTS: dict[str, dict[str, str]] = {
    "basket": {"non-la": "hat", "co-nap": "lidded", "khay": "trays"},
    "dried_fish": {"muc": "squid"},
}


def draw_motif(c: Canvas, motif: str, rng: random.Random, colour: RGB,
               slug: str = "") -> None:
    draw = MOTIFS.get(motif, draw_unknown)
    padded = f"-{slug}-"
    for word, variant in VARIANT_HINTS.get(motif, {}).items():
        if f"-{word}-" in padded:
            draw(c, rng, colour, variant=variant)  # type: ignore[call-arg]
            return
    draw(c, rng, colour)


def studio_background(c: Canvas, pal: Palette, rng: random.Random) -> None:
    """View 1: a soft gradient, a large disc behind the product and a shelf to stand on."""
    w, h = c.width, c.height
    c.paint([rect((0, 0, w, h))], Grad(pal.top, pal.bottom, "v"))
    cx, cy, r = w / 2 + rng.uniform(-20, 20), h * 0.45, min(w, h) * 0.36
    c.paint([circle(cx, cy, r)], Grad(lighten(pal.disc, 0.25), pal.disc, "d"))
    for _ in range(2):  # leafy sprigs peeking from behind the disc, in the accent colours
        side = rng.choice((-1, 1))
        start = (cx + side * r * rng.uniform(0.75, 1.0), cy + r * rng.uniform(-0.6, 0.1))
        angle = -90 + side * rng.uniform(20, 60)
        draw_sprig(c, rng, start, angle, r * rng.uniform(0.35, 0.5),
                   rng.choice((pal.accent, pal.accent2)), leaves=5, alpha=0.55)
    for _ in range(7):  # confetti dots
        a = rng.uniform(0, 2 * math.pi)
        d = r * rng.uniform(1.08, 1.3)
        dot = rng.uniform(5, 12)
        c.paint([circle(cx + math.cos(a) * d, cy + math.sin(a) * d * 0.9, dot)],
                rng.choice((pal.accent, pal.accent2)), shade=0, alpha=0.6)
    top = h * 0.70
    c.paint([rect((-10, top, w + 10, h + 10))], Grad(lighten(pal.table, 0.18), pal.table, "v"))
    c.paint([rect((-10, top, w + 10, top + 6))], lighten(pal.table, 0.45), shade=0, alpha=0.8)


def finish_webp(image: Image.Image, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.webp")
    image.save(tmp, "WEBP", **WEBP_OPTIONS)
    tmp.replace(path)  # never leave a half-written image where the seeder would pick it up
    return path.stat().st_size


def product_view_1(slug: str, motif: str, colour: RGB, group: str) -> Image.Image:
    pal = PALETTES[group]
    rng = random.Random(slug)
    c = Canvas(*PRODUCT_SIZE, shadow=pal.shadow)
    studio_background(c, pal, rng)
    with c.frame((40, 40, 960, 960)):
        draw_motif(c, motif, rng, colour, slug)
    return c.finish()


def scene_background(c: Canvas, pal: Palette, rng: random.Random) -> float:
    """View 2: a wall with window light and leaf shadows, and a wooden table top.
    Returns the y of the table's back edge."""
    w, h = c.width, c.height
    table_y = h * 0.56
    c.paint([rect((0, 0, w, table_y + 5))], Grad(lighten(pal.wall, 0.15), darken(pal.wall, 0.06),
                                                 "v"))
    x = rng.uniform(0.1, 0.5) * w  # a slanted patch of sunlight from a window
    c.paint([poly([(x, 0), (x + w * 0.35, 0), (x + w * 0.6, table_y), (x + w * 0.25, table_y)])],
            WHITE, shade=0, alpha=0.22, blur=20)
    for _ in range(2):  # blurred leaf shadows from a plant outside the frame
        side = rng.choice((0.08, 0.92))
        draw_sprig(c, rng, (w * side, table_y * 0.1), 90 + (1 if side < 0.5 else -1)
                   * rng.uniform(20, 45), table_y * 0.8, pal.shadow, leaves=7, alpha=0.08)
    top = mix(WOOD, pal.table, 0.25)
    c.paint([rect((0, table_y, w, h))], Grad(lighten(top, 0.12), darken(top, 0.1), "v"))
    for i in range(9):  # wood grain
        y = table_y + 20 + i * (h - table_y) / 9 + rng.uniform(-8, 8)
        pts = [(x, y + math.sin(x / rng.uniform(60, 120) + i) * 5) for x in range(0, w + 40, 40)]
        c.stroke(pts, darken(top, 0.12), 3, alpha=0.45)
    for i in range(1, 4):  # board joints
        y = table_y + i * (h - table_y) / 4
        c.stroke([(0, y), (w, y)], darken(top, 0.25), 3, alpha=0.5)
    c.paint([rect((0, table_y - 2, w, table_y + 6))], darken(top, 0.3), shade=0, alpha=0.6)
    return table_y


def product_view_2(slug: str, motif: str, colour: RGB, group: str) -> Image.Image:
    """The still life: the product on a wooden table with two companions from its story."""
    pal = PALETTES[group]
    rng = random.Random(f"{slug}/2")
    c = Canvas(*PRODUCT_SIZE, shadow=pal.shadow)
    if group == "tourism":
        return tourism_view_2(c, pal, rng, motif, colour)
    scene_background(c, pal, rng)
    flip = rng.random() < 0.5

    def place(x: float, ground: float, size: float) -> Box:
        """A frame of `size` whose motif stands at (x, ground), mirrored if `flip`."""
        x = PRODUCT_SIZE[0] - x if flip else x
        y0 = ground - size * GROUND / 1000
        return (x - size / 2, y0, x + size / 2, y0 + size)

    (back, back_colour), (front, front_colour) = companions_for(motif, group)
    with c.frame(place(810, 650, 430)):
        draw_companion(c, back, rng, hex_rgb(back_colour) if back_colour else colour)
    with c.frame(place(390, 800, 880)):
        draw_motif(c, motif, rng, colour, slug)
    with c.frame(place(790, 940, 380)):
        draw_companion(c, front, rng, hex_rgb(front_colour) if front_colour else colour)
    return c.finish()


# The motifs shown on each group's picture, side, centre, side (tourism shows a place).
CATEGORY_MOTIFS: dict[str, tuple[tuple[str, str], ...]] = {
    "food": (("dried_fish", "#d6ad55"), ("bottle", "#9a521d"), ("chilli", "#c9291f")),
    "beverages": (("tea_leaves", "#8a6d3b"), ("wine_bottle", "#5a1838"),
                  ("tea_box", "#6f9a3b")),
    "herbal": (("herb_bundle", "#6b7d45"), ("dropper_bottle", "#e3e6a6"),
               ("honey_jar", "#d9981f")),
    "textiles": (("mat", "#c9a45c"), ("fabric", "#9b1c2e"), ("fabric", "#232a45")),
    "souvenirs": (("basket", "#b08347"), ("wood_carving", "#b88650"),
                  ("chopsticks", "#5a2f1c")),
}


def category_image(group: str) -> Image.Image:
    pal = PALETTES.get(group, PALETTES["food"])
    rng = random.Random(f"category/{group}")
    c = Canvas(*CATEGORY_SIZE, shadow=pal.shadow)
    if group not in CATEGORY_MOTIFS:
        draw_landscape(c, "karst", rng)
        return c.finish()
    studio_background(c, pal, rng)
    (left, left_colour), (centre, centre_colour), (right, right_colour) = CATEGORY_MOTIFS[group]
    for x, motif, colour in ((175, left, left_colour), (625, right, right_colour)):
        size = 330
        with c.frame((x - size / 2, 415 - size * 0.8, x + size / 2, 415 + size * 0.2)):
            draw_motif(c, motif, rng, hex_rgb(colour))
    with c.frame((200, 445 - 400 * 0.8, 600, 445 + 400 * 0.2)):
        draw_motif(c, centre, rng, hex_rgb(centre_colour))
    return c.finish()


def banner_image(slug: str, district: str) -> Image.Image:
    """A producer's banner: the landscape of its district, varied by its slug."""
    c = Canvas(*BANNER_SIZE)
    draw_landscape(c, DISTRICT_SCENES.get(district, "river"), random.Random(slug))
    return c.finish()


def hero_image() -> Image.Image:
    c = Canvas(*BANNER_SIZE)
    draw_landscape(c, "hero", random.Random("hero"))
    return c.finish()


def draw_companion(c: Canvas, name: str, rng: random.Random, colour: RGB) -> None:
    (PROPS.get(name) or MOTIFS[name])(c, rng, colour)


def tourism_view_2(c: Canvas, pal: Palette, rng: random.Random, motif: str,
                   colour: RGB) -> Image.Image:
    """Tourism products are experiences: the second view is the place itself."""
    draw_landscape(c, "river", rng)
    return c.finish()


# --------------------------------------------------------------------------- jobs and CLI

@dataclass(frozen=True)
class Job:
    kind: str   # product-1, product-2, producer, category, hero
    slug: str
    path: Path
    args: tuple


def run_job(job: Job) -> tuple[Path, int, float]:
    """Draw and save one image (runs in a worker process)."""
    started = time.perf_counter()
    if job.kind == "product-1":
        image = product_view_1(job.slug, *job.args)
    elif job.kind == "product-2":
        image = product_view_2(job.slug, *job.args)
    elif job.kind == "producer":
        image = banner_image(job.slug, *job.args)
    elif job.kind == "category":
        image = category_image(job.slug)
    elif job.kind == "hero":
        image = hero_image()
    else:
        raise ValueError(f"unknown job kind {job.kind}")
    size = finish_webp(image, job.path)
    return job.path, size, time.perf_counter() - started


def plan_jobs(root: Path, out: Path, only: set[str], force: bool) -> list[Job]:
    catalogue = read_seed(root)
    group_of = {c.slug: c.parent_slug or c.slug for c in catalogue.categories}
    jobs: list[Job] = [Job("hero", "hero", out / "site" / "hero.webp", ())]
    for group in (c for c in catalogue.categories if c.parent_slug is None):
        jobs.append(Job("category", group.slug, out / "categories" / f"{group.slug}.webp", ()))
    for producer in catalogue.producers:
        jobs.append(Job("producer", producer.slug, out / "producers" / f"{producer.slug}.webp",
                        (producer.district,)))
    for product in catalogue.products:
        args = (product.image_motif, hex_rgb(product.image_colour), group_of[product.category])
        for view in (1, 2):
            jobs.append(Job(f"product-{view}", product.slug,
                            out / "products" / f"{product.slug}-{view}.webp", args))
    unknown = only - {job.slug for job in jobs}
    if unknown:
        print(f"warning: nothing is called {', '.join(sorted(unknown))}", file=sys.stderr)
    return [job for job in jobs
            if (not only or job.slug in only) and (force or not job.path.exists())]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the catalog_seed folder")
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/images)")
    parser.add_argument("--only", nargs="+", default=[], metavar="SLUG",
                        help="draw only these products, producers, groups (or 'hero')")
    parser.add_argument("--force", action="store_true", help="redraw existing files")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    missing = [m for m in IMAGE_MOTIFS if m not in MOTIFS]
    if missing:
        print(f"warning: no drawing for motif(s) {', '.join(missing)}", file=sys.stderr)
    out = args.out or args.root / "images"
    jobs = plan_jobs(args.root, out, set(args.only), args.force)
    if not jobs:
        print("Nothing to draw (all images exist; use --force to redraw).")
        return 0
    started = time.perf_counter()
    total_bytes = 0
    with ProcessPoolExecutor(max_workers=max(1, args.workers)) as pool:
        futures = [pool.submit(run_job, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), start=1):
            path, size, seconds = future.result()
            total_bytes += size
            print(f"[{done:3}/{len(jobs)}] {path.relative_to(out)}  {size / 1024:5.1f} KB "
                  f"{seconds:4.1f} s", flush=True)
    print(f"Drew {len(jobs)} image(s), {total_bytes / 1024:.0f} KB, in "
          f"{time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
