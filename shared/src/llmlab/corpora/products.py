"""A product catalogue with rendered images and captions, for the multimodal search labs.

Each product has a category, a colour, a pattern, a name and a price. Its image is a simple
drawing whose features genuinely encode the attributes: the category fixes the shape (a ball is
a circle, a cushion a square, a lampshade a triangle, a kite a diamond, a coaster a hexagon, an
ornament a star), the shape is filled with the product's colour, and the pattern (plain,
striped, dotted, checked) is drawn over it in a darker shade of the same colour, so the colour
stays dominant. Position and size jitter a little per product, so two products with the same
attributes still give different images.

Ground truth: the attributes of every :class:`Product`; its caption is built from them. Core
functions use only the standard library; :func:`render_product` and :func:`write_catalogue`
need Pillow (``llmlab[images]``). The same ``seed`` always gives the same catalogue and images.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

COLOURS = {
    "red": (220, 40, 40), "orange": (245, 140, 30), "yellow": (240, 210, 40), "green": (40, 160, 70),
    "blue": (40, 80, 220), "purple": (140, 60, 180), "pink": (240, 120, 180), "brown": (130, 80, 40),
}
CATEGORY_SHAPE = {
    "ball": "circle", "cushion": "square", "lampshade": "triangle", "kite": "diamond",
    "coaster": "hexagon", "ornament": "star",
}
PATTERNS = ["plain", "striped", "dotted", "checked"]
PRICE_RANGE = {"ball": (6, 30), "cushion": (15, 60), "lampshade": (20, 90), "kite": (12, 45),
               "coaster": (3, 15), "ornament": (4, 25)}
BRANDS = ["Aurora", "Nordlys", "Pebble", "Juniper", "Marlow", "Kiko", "Tessa", "Oakley", "Bramble",
          "Lumen", "Solstice", "Wren", "Hearth", "Maple", "Cobalt", "Fable"]
BACKGROUND = (255, 255, 255)


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    category: str
    colour: str
    shape: str  # CATEGORY_SHAPE[category]
    pattern: str
    price: float
    render_seed: int  # jitters the drawing's position and size

    @property
    def rgb(self) -> tuple[int, int, int]:
        return COLOURS[self.colour]

    @property
    def caption(self) -> str:
        """One sentence built from the attributes, e.g. "Wren cushion: a red striped cushion (square), 23.99 USD."."""
        article = "an" if self.colour[0] in "aeiou" else "a"
        return f"{self.name}: {article} {self.colour} {self.pattern} {self.category} ({self.shape}), {self.price:.2f} USD."


def product_catalogue(n: int = 200, seed: int = 0) -> list[Product]:
    """``n`` products with ids ``P0000``...; the same catalogue for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    products = []
    for i in range(n):
        category = rng.choice(sorted(CATEGORY_SHAPE))
        colour = rng.choice(sorted(COLOURS))
        low, high = PRICE_RANGE[category]
        products.append(Product(
            id=f"P{i:04d}", name=f"{rng.choice(BRANDS)} {category}", category=category, colour=colour,
            shape=CATEGORY_SHAPE[category], pattern=rng.choice(PATTERNS),
            price=round(round(rng.uniform(low, high)) - 0.01, 2), render_seed=rng.getrandbits(32),
        ))
    return products


def _polygon(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    def ring(k: int, start: float, radii: list[float]) -> list[tuple[float, float]]:
        return [(cx + radii[i % len(radii)] * math.cos(start + 2 * math.pi * i / k),
                 cy + radii[i % len(radii)] * math.sin(start + 2 * math.pi * i / k)) for i in range(k)]

    if shape == "square":
        return ring(4, math.pi / 4, [r * 1.27])
    if shape == "triangle":
        return ring(3, -math.pi / 2, [r * 1.3])
    if shape == "diamond":
        return ring(4, -math.pi / 2, [r * 1.1])
    if shape == "hexagon":
        return ring(6, 0, [r])
    if shape == "star":
        return ring(10, -math.pi / 2, [r * 1.15, r * 0.5])
    raise ValueError(f"unknown shape {shape!r}")


def render_product(product: Product, size: int = 64) -> Image.Image:
    """A ``size`` x ``size`` RGB image: the product's shape in its colour with its pattern."""
    from PIL import Image, ImageDraw

    scale = 4  # draw large, then shrink: smooth edges
    big = size * scale
    rng = random.Random(product.render_seed)
    r = big * rng.uniform(0.30, 0.38)
    cx = big / 2 + rng.uniform(-0.08, 0.08) * big
    cy = big / 2 + rng.uniform(-0.08, 0.08) * big

    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    if product.shape == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    else:
        draw.polygon(_polygon(product.shape, cx, cy, r), fill=255)

    colour = product.rgb
    dark = tuple(int(c * 0.55) for c in colour)
    fill = Image.new("RGB", (big, big), colour)
    pen = ImageDraw.Draw(fill)
    step = big // 8
    if product.pattern == "striped":
        for x in range(-big, big, step):
            pen.polygon([(x, 0), (x + step // 2, 0), (x + step // 2 + big, big), (x + big, big)], fill=dark)
    elif product.pattern == "dotted":
        for y in range(step // 2, big, step):
            for x in range(step // 2, big, step):
                pen.ellipse([x - step / 5, y - step / 5, x + step / 5, y + step / 5], fill=dark)
    elif product.pattern == "checked":
        for y in range(0, big, step):
            for x in range(0, big, step):
                if (x // step + y // step) % 2:
                    pen.rectangle([x, y, x + step - 1, y + step - 1], fill=dark)
    image = Image.new("RGB", (big, big), BACKGROUND)
    image.paste(fill, (0, 0), mask)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_catalogue(folder: str | Path, n: int = 200, seed: int = 0, size: int = 64) -> Path:
    """Write ``images/<id>.png`` for each product and ``captions.jsonl`` (one product a line: its
    attributes, ``image`` relative to ``folder`` and ``caption``); returns the JSONL path."""
    folder = Path(folder)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    lines = []
    for product in product_catalogue(n, seed):
        image = f"images/{product.id}.png"
        render_product(product, size).save(folder / image, format="PNG")
        record = {**asdict(product), "image": image, "caption": product.caption}
        record.pop("render_seed")
        lines.append(json.dumps(record, sort_keys=True))
    path = folder / "captions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
