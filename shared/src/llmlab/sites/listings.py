"""A generated real-estate listings website, for the scraping labs.

``/listings?page=N`` pages through the listings (a "next" link on every page but the last) and
links to one detail page per listing. The site is deliberately untidy: prices come in several
formats ("$1,250,000", "USD 1,250,000", "1.2M", "$1.25M", "$950K", "Price on request"), some
listings lack fields (bedrooms, bathrooms, area, agent) or show them as "N/A", some index rows
have broken markup or HTML entities, and every page carries a sponsored row that is not a
listing. ``robots.txt`` disallows ``/private/`` and ``/admin/``, and every index page links to
``/private/off-market`` as a trap. ``variant`` changes the layout (markup, class names, URLs,
page size, price/date/area formats) but never the data. ``min_interval`` makes the server answer
429 to requests that come too fast; ``edition`` adds new listings and changes some prices, for
incremental re-crawls.

Ground truth: ``site.records`` is the list of :class:`Listing` a correct scraper recovers (the
same for every variant), typed: ``price`` in dollars or None ("Price on request"), missing
fields None. ``site.requests`` logs every request, so a grader can check robots.txt and the rate
limit were honoured. The same ``seed`` always gives the same site.
"""

from __future__ import annotations

import html
import math
import random
import threading
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta

from llmlab.sites.server import Response

VARIANTS = ("a", "b")
TYPES = ["house", "apartment", "townhouse", "condo", "cottage", "loft"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Fairview", "Oakridge", "Milltown", "Brookhaven", "Cedar Falls"]
STREETS = ["Maple", "Oak", "Pine", "Cedar", "Elm", "Willow", "Birch", "Lake", "Hill", "River", "Park", "Mill"]
STREET_KINDS = ["Street", "Avenue", "Road", "Lane", "Drive", "Court"]
AGENTS = ["Dana Whitfield", "Marcus Bell", "Priya Raman", "Tom Alvarez", "Grace Lindholm", "Owen Carter"]
FEATURES = ["a sunny garden", "a renovated kitchen", "river views", "a double garage", "high ceilings",
            "a private balcony", "a home office", "a fireplace", "walk-in closets", "solar panels"]
OPTIONAL = ("bedrooms", "bathrooms", "area_sqft", "agent")


@dataclass(frozen=True)
class Listing:
    id: str  # "L0001"
    title: str
    price: int | None  # dollars; None = "Price on request"
    property_type: str
    bedrooms: int | None
    bathrooms: float | None
    area_sqft: int | None
    address: str
    city: str
    agent: str | None
    listed: str  # ISO date
    updated: str  # ISO date; later than ``listed`` when the price changed
    description: str


@dataclass(frozen=True)
class RequestRecord:
    time: float  # time.monotonic()
    path: str  # with the query string
    status: int


def _price_formats(price: int) -> list[str]:
    """Every way the site may print ``price``; each denotes exactly ``price``."""
    formats = [f"${price:,}", f"USD {price:,}", f"{price:,} USD"]
    if price >= 1_000_000 and price % 10_000 == 0:
        m = f"{price / 1_000_000:.2f}".rstrip("0").rstrip(".")
        formats += [f"${m}M", f"{m}M"]
    if price < 1_000_000 and price % 1_000 == 0:
        formats += [f"${price // 1000}K", f"{price // 1000}k"]
    return formats


def _listing(rng: random.Random, number: int, listed: date) -> Listing:
    kind = rng.choice(TYPES)
    beds = rng.randint(1, 2) if kind in ("apartment", "condo", "loft") else rng.randint(2, 6)
    baths = rng.choice([1.0, 1.5, 2.0, 2.5, 3.0][: max(2, min(5, beds + 1))])
    city = rng.choice(CITIES)
    price = rng.randint(30, 260) * 5_000 if rng.random() < 0.8 else rng.randint(3_000, 26_000) * 50
    price += 75_000 * (beds - 1)
    fields = {
        "bedrooms": beds, "bathrooms": baths, "area_sqft": beds * rng.randint(350, 700) + rng.randint(0, 400),
        "agent": rng.choice(AGENTS),
    }
    for key in OPTIONAL:
        if rng.random() < 0.08:
            fields[key] = None
    on_request = rng.random() < 0.08
    features = rng.sample(FEATURES, 2)
    return Listing(
        id=f"L{number:04d}", title=f"{beds}-bed {kind} in {city}", price=None if on_request else price,
        property_type=kind, address=f"{rng.randint(1, 240)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}",
        city=city, listed=listed.isoformat(), updated=listed.isoformat(),
        description=f"A {kind} with {features[0]} and {features[1]}, close to the centre of {city}.",
        **fields,
    )


def generate_listings(n: int = 57, seed: int = 0, edition: int = 0) -> list[Listing]:
    """The site's listings, newest first. Edition ``e`` adds ``3 * e`` newer listings and changes
    the price of ``2 * e`` older ones (their ``updated`` date moves on)."""
    if n < 1 or edition < 0:
        raise ValueError(f"need n >= 1 and edition >= 0, got n={n}, edition={edition}")
    rng = random.Random(seed)
    day = date(2024, 3, 1)
    base = []
    for i in range(n):
        base.append(_listing(rng, i + 1, day))
        day += timedelta(days=rng.randint(0, 3))
    extras = []
    for k in range(3 * edition):
        day += timedelta(days=rng.randint(1, 3))
        extras.append(_listing(rng, n + k + 1, day))
    records = {item.id: item for item in base}
    for e in range(1, edition + 1):
        erng = random.Random(f"{seed}-edition-{e}")
        changed_on = (date(2024, 3, 1) + timedelta(days=4 * n + 14 * e)).isoformat()
        for item_id in erng.sample(sorted(records), 2):
            item = records[item_id]
            price = erng.randint(30, 260) * 5_000 + 75_000 * ((item.bedrooms or 2) - 1)
            records[item_id] = replace(item, price=price, updated=changed_on)
    return list(reversed(extras)) + list(reversed([records[item.id] for item in base]))


_STYLE = {
    "a": "body{font-family:sans-serif} table{border-collapse:collapse} td,th{padding:4px 8px}",
    "b": "body{font-family:Georgia,serif;max-width:60em} .card{border:1px solid #ccc;margin:8px;padding:8px}",
}


def _page(title: str, body: str, variant: str) -> bytes:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{_STYLE[variant]}</style></head>\n<body>\n{body}\n</body></html>\n").encode()


class ListingsSite:
    """The site as a WSGI-free app for :func:`llmlab.sites.serve_site`; see the module docstring."""

    def __init__(self, n: int = 57, seed: int = 0, variant: str = "a", per_page: int | None = None,
                 crawl_delay: float = 0.0, min_interval: float = 0.0, edition: int = 0) -> None:
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
        self.variant, self.seed = variant, seed
        self.per_page = per_page or {"a": 10, "b": 12}[variant]
        self.crawl_delay, self.min_interval = crawl_delay, min_interval
        self.records: list[Listing] = generate_listings(n, seed, edition)
        self.requests: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._last: float | None = None
        rng = random.Random(f"{seed}-{variant}-layout")
        self._price_text = {}
        self._quirk = {}
        for item in self.records:
            if item.price is None:
                self._price_text[item.id] = rng.choice(["Price on request", "Price on request", "POA - contact agent"])
            else:
                formats = _price_formats(item.price)
                short = formats[3:]  # "1.2M", "$950K" ... where they are exact
                text = rng.choice(short if short and rng.random() < 0.5 else formats[:3])
                self._price_text[item.id] = text + (" (negotiable)" if rng.random() < 0.05 else "")
            self._quirk[item.id] = rng.choice(["", "", "", "", "unclosed", "entity", "spaces", "na"])
        self.off_market = [_listing(random.Random(f"{seed}-off-{i}"), 9000 + i, date(2024, 2, 1)) for i in range(3)]

    # ------------------------------------------------------------------ URLs
    @property
    def n_pages(self) -> int:
        return max(1, math.ceil(len(self.records) / self.per_page))

    def detail_path(self, item: Listing) -> str:
        if self.variant == "a":
            return f"/listing/{item.id}"
        return f"/homes/{item.id.lower()}-{item.title.lower().replace(' ', '-')}"

    def robots_txt(self) -> str:
        lines = ["User-agent: *", "Disallow: /private/", "Disallow: /admin/"]
        if self.crawl_delay:
            lines.append(f"Crawl-delay: {self.crawl_delay:g}")
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ app
    def handle(self, path: str, query: dict[str, list[str]]) -> Response:
        target = path + ("?" + "&".join(f"{k}={v}" for k, vs in sorted(query.items()) for v in vs) if query else "")
        with self._lock:
            now = time.monotonic()
            too_fast = self.min_interval > 0 and self._last is not None and now - self._last < self.min_interval
            self._last = now
        if too_fast:
            response = Response(429, b"Too many requests: slow down.\n", "text/plain; charset=utf-8",
                                (("Retry-After", str(math.ceil(self.min_interval))),))
        else:
            response = self._route(path, query)
        self.requests.append(RequestRecord(now, target, response.status))
        return response

    def _route(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == "/robots.txt":
            return Response(200, self.robots_txt().encode(), "text/plain; charset=utf-8")
        if path == "/":
            return Response(200, _page("Homes for sale", '<h1>Homes for sale</h1><p><a href="/listings">'
                                       "Browse all listings</a></p>", self.variant))
        if path == "/listings":
            raw = query.get("page", ["1"])[0]
            if not raw.isdigit() or int(raw) < 1:
                return Response(400, b"bad page number\n", "text/plain; charset=utf-8")
            if int(raw) > self.n_pages:
                return Response(404, _page("Not found", "<h1>No such page</h1>", self.variant))
            return Response(200, self._index(int(raw)))
        by_path = {self.detail_path(item): item for item in self.records}
        if path in by_path:
            return Response(200, self._detail(by_path[path]))
        if path.startswith("/private/"):
            rows = "".join(f"<li>{html.escape(x.title)}: ${x.price or 0:,}</li>" for x in self.off_market)
            return Response(200, _page("Off-market", f"<h1>Off-market (agents only)</h1><ul>{rows}</ul>", self.variant))
        if path.startswith("/admin"):
            return Response(403, b"forbidden\n", "text/plain; charset=utf-8")
        return Response(404, _page("Not found", "<h1>Not found</h1>", self.variant))

    # ------------------------------------------------------------------ pages
    def _value(self, item: Listing, key: str) -> str | None:
        """A field as the page prints it; None where the page leaves it out entirely."""
        value = getattr(item, key)
        if value is None:
            return "N/A" if self._quirk[item.id] == "na" or self.variant == "b" else None
        if key == "bathrooms":
            return f"{value:g}"
        if key == "area_sqft":
            return f"{value:,} sq ft" if self.variant == "a" else f"{value} sqft"
        return str(value)

    def _price_html(self, item: Listing) -> str:
        text = html.escape(self._price_text[item.id])
        quirk = self._quirk[item.id]
        if quirk == "entity":
            text = text.replace("$", "&#36;").replace(" ", "&nbsp;", 1)
        elif quirk == "spaces":
            text = f"\n      {text}  \n"
        return text

    def _index(self, page: int) -> bytes:
        items = self.records[(page - 1) * self.per_page: page * self.per_page]
        nav = []
        if page > 1:
            nav.append(f'<a rel="prev" href="/listings?page={page - 1}">Previous</a>')
        if page < self.n_pages:
            nav.append(f'<a rel="next" href="/listings?page={page + 1}">Next</a>')
        trap = '<p class="small"><a href="/private/off-market">Off-market listings (agents)</a></p>'
        ad_at = (page * 7) % (len(items) + 1)
        if self.variant == "a":
            rows = []
            for item in items:
                beds = self._value(item, "bedrooms")
                cells = [f'<td class="title"><a href="{self.detail_path(item)}">{html.escape(item.title)}</a></td>',
                         f'<td class="price">{self._price_html(item)}</td>',
                         f'<td class="beds">{beds if beds is not None else ""}</td>',
                         f'<td class="city">{html.escape(item.city)}</td>']
                if self._quirk[item.id] == "unclosed":
                    rows.append(f'<tr class="listing" data-id="{item.id}">' + "".join(c[:-5] for c in cells))
                else:
                    rows.append(f'<tr class="listing" data-id="{item.id}">' + "".join(cells) + "</tr>")
            rows.insert(ad_at, '<tr class="ad"><td colspan="4">Sponsored: compare mortgage rates today!</td></tr>')
            body = (f"<h1>Listings - page {page} of {self.n_pages}</h1>\n<table id=\"results\">\n"
                    "<tr><th>Property</th><th>Price</th><th>Beds</th><th>City</th></tr>\n"
                    + "\n".join(rows) + "\n</table>\n<nav>" + " | ".join(nav) + f"</nav>\n{trap}")
        else:
            cards = []
            for item in items:
                price = f'<span class="card__price">{self._price_html(item)}</span>'
                if self._quirk[item.id] == "unclosed":
                    price = price[:-7]
                cards.append(
                    f'<div class="card" data-listing-id="{item.id}">\n  <h2 class="card__title">'
                    f'<a href="{self.detail_path(item)}">{html.escape(item.title)}</a></h2>\n  {price}\n'
                    f'  <span class="card__where">{html.escape(item.city)}</span>\n</div>')
            cards.insert(ad_at, '<div class="promo">Sponsored: compare mortgage rates today!</div>')
            body = (f'<header><h1>Homes</h1><p class="count">{len(self.records)} homes</p></header>\n'
                    '<main class="grid">\n' + "\n".join(cards) + "\n</main>\n"
                    f'<footer><ul class="pager">{"".join(f"<li>{x}</li>" for x in nav)}</ul>{trap}</footer>')
        return _page(f"Listings page {page}", body, self.variant)

    def _detail(self, item: Listing) -> bytes:
        fields = [("Price", self._price_html(item)), ("Type", item.property_type),
                  ("Bedrooms", self._value(item, "bedrooms")), ("Bathrooms", self._value(item, "bathrooms")),
                  ("Area", self._value(item, "area_sqft")), ("Address", html.escape(item.address)),
                  ("City", item.city), ("Agent", self._value(item, "agent"))]
        listed, updated = date.fromisoformat(item.listed), date.fromisoformat(item.updated)
        if self.variant == "a":
            fields += [("Listed", item.listed), ("Updated", item.updated)]
            facts = "\n".join(f'<dt>{k}</dt><dd class="{k.lower()}">{v}</dd>' for k, v in fields if v is not None)
            body = (f'<h1>{html.escape(item.title)}</h1>\n<p class="ref">Ref: {item.id}</p>\n'
                    f'<dl class="facts">\n{facts}\n</dl>\n<p class="description">{html.escape(item.description)}</p>\n'
                    '<p><a href="/listings">Back to listings</a></p>')
        else:
            labels = {"Price": "Asking price", "Type": "Property type", "Bedrooms": "Beds", "Bathrooms": "Baths",
                      "Area": "Floor area", "Address": "Street address", "City": "Town", "Agent": "Contact"}
            fields += [("Listed", f"{listed.day} {listed:%b %Y}"), ("Updated", f"{updated.day} {updated:%b %Y}")]
            specs = "\n".join(f'  <div class="spec"><span class="label">{labels.get(k, k)}</span>'
                              f'<span class="value">{v}</span></div>' for k, v in fields if v is not None)
            body = (f'<article class="listing" data-listing-id="{item.id}">\n<h1>{html.escape(item.title)}</h1>\n'
                    f'<section class="specs">\n{specs}\n</section>\n<p>{html.escape(item.description)}</p>\n'
                    '</article>\n<a href="/listings?page=1">All homes</a>')
        return _page(item.title, body, self.variant)


def listings_site(n: int = 57, seed: int = 0, variant: str = "a", per_page: int | None = None,
                  crawl_delay: float = 0.0, min_interval: float = 0.0, edition: int = 0) -> ListingsSite:
    """A listings site with ``n`` listings (plus ``3 * edition`` new ones); serve it with
    ``serve_site``. Ground truth: ``site.records``."""
    return ListingsSite(n, seed, variant, per_page, crawl_delay, min_interval, edition)
