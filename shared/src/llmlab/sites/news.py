"""A generated financial-news website with a JSON/CSV price API, for the agent and market labs.

Invented companies get dated headlines (positive, negative or neutral news) on trading days, and
daily prices that follow a random walk nudged by each day's news, so the news genuinely moves the
prices. Pages: ``/`` (companies), ``/company/<TICKER>?page=N`` (headlines newest first, 20 a
page, "next" links), ``/news?date=YYYY-MM-DD`` (one day's headlines). API: ``/api/companies``,
``/api/prices/<TICKER>`` (JSON, optional ``start``/``end`` ISO dates) and
``/api/prices/<TICKER>.csv``. ``robots.txt`` allows everything.

Ground truth: ``site.companies``, ``site.headlines`` (with ``sentiment`` -1/0/+1) and
``site.prices``. The same ``seed`` always gives the same site.
"""

from __future__ import annotations

import html
import json
import math
import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from llmlab.sites.server import Response

COMPANIES = [
    ("Northwind Robotics", "NWR", "Industrials", "robot"), ("Helios Solar", "HLS", "Energy", "solar panel"),
    ("Bluefin Foods", "BLF", "Consumer", "frozen meal"), ("Quanta Chips", "QTC", "Technology", "chip"),
    ("Meridian Health", "MRH", "Healthcare", "test kit"), ("Copperline Telecom", "CPL", "Telecom", "router"),
    ("Aster Motors", "ASM", "Automotive", "car"), ("Lumen Pharma", "LMP", "Healthcare", "inhaler"),
]
PARTNERS = ["the Department of Energy", "Vantage Airlines", "Orbis Retail", "the city of Riverton", "Kestrel Bank"]
CONFERENCES = ["the Global Tech Summit", "the Investor Day in New York", "the Future of Industry forum"]
DEPARTMENTS = ["research", "sales", "operations", "marketing", "engineering"]
OFFICES = ["Singapore", "Toronto", "Berlin", "Austin", "Dublin"]
MONTHS = ["March", "April", "May", "June"]
POSITIVE = [
    "{name} beats quarterly earnings expectations", "{name} raises full-year revenue guidance",
    "{name} wins ${x} million contract with {partner}", "{name} shares jump after record {product} sales",
    "Analysts upgrade {name} to buy", "{name} announces ${x} million share buyback",
]
NEGATIVE = [
    "{name} misses revenue forecast as demand slows", "{name} recalls {n},000 {product}s over safety concerns",
    "Regulators open investigation into {name}", "{name} cuts {n}00 jobs in restructuring",
    "{name} chief financial officer resigns unexpectedly", "Analysts downgrade {name} to sell",
]
NEUTRAL = [
    "{name} to present at {conference}", "{name} schedules annual shareholder meeting for {month}",
    "{name} appoints new head of {department}", "{name} opens office in {office}",
]


@dataclass(frozen=True)
class Company:
    ticker: str
    name: str
    sector: str


@dataclass(frozen=True)
class Headline:
    id: str
    date: str  # ISO
    ticker: str
    title: str
    sentiment: int  # -1, 0, +1


@dataclass(frozen=True)
class PricePoint:
    date: str  # ISO
    open: float
    close: float
    volume: int


def _trading_days(start: date, days: int) -> list[date]:
    out, day = [], start
    while len(out) < days:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


class NewsSite:
    """The site as an app for :func:`llmlab.sites.serve_site`; see the module docstring."""

    per_page = 20

    def __init__(self, n_companies: int = 5, days: int = 60, seed: int = 0, start: str = "2024-01-02") -> None:
        if not 1 <= n_companies <= len(COMPANIES):
            raise ValueError(f"n_companies must be between 1 and {len(COMPANIES)}, got {n_companies}")
        rng = random.Random(seed)
        chosen = rng.sample(COMPANIES, n_companies)
        self.companies = [Company(t, name, sector) for name, t, sector, _ in chosen]
        self.headlines: list[Headline] = []
        self.prices: dict[str, list[PricePoint]] = {}
        trading = _trading_days(date.fromisoformat(start), days)
        for name, ticker, _, product in chosen:
            close = round(rng.uniform(20, 300), 2)
            drift = rng.uniform(-0.001, 0.002)
            series = []
            for day in trading:
                mood = 0
                for _ in range(rng.choices([0, 1, 2], [0.6, 0.3, 0.1])[0]):
                    sentiment = rng.choice([-1, 0, 1])
                    pool = {1: POSITIVE, -1: NEGATIVE, 0: NEUTRAL}[sentiment]
                    title = rng.choice(pool).format(
                        name=name, product=product, x=rng.randint(2, 90) * 10, n=rng.randint(2, 9),
                        partner=rng.choice(PARTNERS), conference=rng.choice(CONFERENCES),
                        month=rng.choice(MONTHS), department=rng.choice(DEPARTMENTS), office=rng.choice(OFFICES))
                    self.headlines.append(Headline(f"H{len(self.headlines) + 1:05d}", day.isoformat(), ticker,
                                                   title, sentiment))
                    mood += sentiment
                opening = round(close * (1 + rng.gauss(0, 0.004)), 2)
                close = round(max(1.0, close * (1 + drift + 0.025 * mood + rng.gauss(0, 0.012))), 2)
                series.append(PricePoint(day.isoformat(), opening, close, rng.randint(200, 5000) * 100))
            self.prices[ticker] = series
        self.headlines.sort(key=lambda h: (h.date, h.ticker, h.id))

    def price_csv(self, ticker: str) -> str:
        rows = [f"{p.date},{p.open:.2f},{p.close:.2f},{p.volume}" for p in self.prices[ticker]]
        return "date,open,close,volume\n" + "\n".join(rows) + "\n"

    def handle(self, path: str, query: dict[str, list[str]]) -> Response:
        tickers = {c.ticker: c for c in self.companies}
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
        if path == "/":
            items = "".join(f'<li><a href="/company/{c.ticker}">{html.escape(c.name)}</a> ({c.ticker}, {c.sector})</li>'
                            for c in self.companies)
            return Response(200, _page("Market news", f"<h1>Market news</h1><ul class=\"companies\">{items}</ul>"))
        if path == "/api/companies":
            return _json([asdict(c) for c in self.companies])
        if path.startswith("/api/prices/"):
            ticker = path.removeprefix("/api/prices/")
            if ticker.endswith(".csv") and ticker[:-4] in tickers:
                return Response(200, self.price_csv(ticker[:-4]).encode(), "text/csv; charset=utf-8")
            if ticker not in tickers:
                return _json({"error": f"unknown ticker {ticker!r}"}, 404)
            start, end = query.get("start", [""])[0], query.get("end", ["9999"])[0]
            points = [asdict(p) for p in self.prices[ticker] if start <= p.date <= end]
            return _json({"ticker": ticker, "currency": "USD", "prices": points})
        if path.startswith("/company/") and path.removeprefix("/company/") in tickers:
            company = tickers[path.removeprefix("/company/")]
            news = [h for h in reversed(self.headlines) if h.ticker == company.ticker]
            pages = max(1, math.ceil(len(news) / self.per_page))
            raw = query.get("page", ["1"])[0]
            if not raw.isdigit() or not 1 <= int(raw) <= pages:
                return Response(404, _page("Not found", "<h1>No such page</h1>"))
            page = int(raw)
            body = f"<h1>{html.escape(company.name)} ({company.ticker})</h1>\n" + _articles(
                news[(page - 1) * self.per_page: page * self.per_page])
            if page < pages:
                body += f'\n<a rel="next" href="/company/{company.ticker}?page={page + 1}">Older news</a>'
            return Response(200, _page(company.name, body))
        if path == "/news":
            day = query.get("date", [""])[0]
            news = [h for h in self.headlines if h.date == day]
            return Response(200, _page(f"News {day}", f"<h1>News for {html.escape(day)}</h1>\n" + _articles(news)))
        return Response(404, _page("Not found", "<h1>Not found</h1>"))


def _articles(news: list[Headline]) -> str:
    return "\n".join(
        f'<article class="headline" data-ticker="{h.ticker}"><time datetime="{h.date}">{h.date}</time> '
        f"<h3>{html.escape(h.title)}</h3></article>" for h in news)


def _page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"</head>\n<body>\n{body}\n</body></html>\n").encode()


def _json(data: object, status: int = 200) -> Response:
    return Response(status, json.dumps(data).encode(), "application/json")


def news_site(n_companies: int = 5, days: int = 60, seed: int = 0, start: str = "2024-01-02") -> NewsSite:
    """A news site for ``n_companies`` companies over ``days`` trading days from ``start``."""
    return NewsSite(n_companies, days, seed, start)
