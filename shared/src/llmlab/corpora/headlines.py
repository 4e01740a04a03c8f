"""Financial news headlines with sentiment labels, for the classification and fine-tuning labs.

Every headline names one of 16 fictional listed companies (by name, name and ticker
"Helios Energy (HLIO)", or exchange and ticker "Helios Energy (NASDAQ: HLIO)") and is filled
from a template with numbers: quarters ("Q3"), percentages ("12.5%"), amounts ("$1.2 billion",
"$450 million"), earnings per share ("$1.23"), head counts ("1,200"), years and dates.

The label is the template's: each template belongs to one class, ``positive``, ``negative`` or
``neutral``, and to one style:

- **plain**: the sentiment words agree with the label ("beats Q3 estimates as revenue rises");
- **negation**: a negation cue (not, no, never, n't, fails, unable, without) decides or flips
  the meaning: "fails to beat Q2 estimates" is negative, "no longer expects a loss in 2025" is
  positive, "has not set a date for its investor day" is neutral;
- **confounder**: words of the opposite polarity, no negation: "cuts net loss by 40%" and
  "shares surge despite broader market sell-off" are positive, "posts record revenue but swings
  to a $300 million loss" is negative, "shares flat as gains in cloud offset declines in
  hardware" is neutral.

Ground truth, by construction: ``label``; ``has_negation`` is True exactly for negation-style
headlines, and no other headline contains a negation cue (whole words: not, no, never, none,
nor, without, unable, fail, fails, failed, or a word ending in "n't"); ``has_confounder`` is True
for confounder-style headlines. Labels are balanced: across ``n`` headlines the three counts
differ by at most one. Within each label about 45% of headlines are plain, 35% negation and 20%
confounders. About 80% of headlines contain a digit. The same ``seed`` always gives the same
headlines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LABELS = ("positive", "negative", "neutral")


@dataclass(frozen=True)
class Headline:
    text: str
    label: str  # "positive", "negative" or "neutral"
    company: str
    has_negation: bool
    ticker: str = ""
    has_confounder: bool = False


COMPANIES = [
    ("Northwind Traders", "NWT", "NYSE"), ("Acme Robotics", "ACMR", "NASDAQ"),
    ("Blue Harbor Bank", "BHB", "NYSE"), ("Helios Energy", "HLIO", "NASDAQ"),
    ("Pinnacle Foods", "PNFD", "NYSE"), ("Quantix Semiconductor", "QTX", "NASDAQ"),
    ("Redwood Pharmaceuticals", "RWP", "NYSE"), ("Summit Airlines", "SUMA", "NYSE"),
    ("Orion Telecom", "ORTL", "NASDAQ"), ("Granite Insurance", "GRIN", "NYSE"),
    ("Vertex Retail", "VTXR", "NYSE"), ("Cobalt Mining", "CBLT", "NYSE"),
    ("Meridian Software", "MRSW", "NASDAQ"), ("Atlas Logistics", "ATLG", "NYSE"),
    ("Evergreen Realty", "EVRT", "NYSE"), ("Lumen Biotech", "LUMB", "NASDAQ"),
]
SEGMENTS = ["cloud", "retail", "hardware", "advertising", "wealth management", "cargo", "generics",
            "data centre", "consumer", "industrial"]
BANKS = ["Morgan Stanley", "Goldman Sachs", "JPMorgan", "Barclays", "UBS", "Jefferies", "Citi"]
EXECUTIVES = ["Maria Chen", "David Okafor", "Laura Schmidt", "Rahul Mehta", "Sarah Collins", "Tomás Rivera"]
CITIES = ["Austin", "Charlotte", "Denver", "Nashville", "Phoenix", "Raleigh", "Atlanta"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
AGENCIES = ["the Department of Defense", "the U.S. Army", "NASA", "the State of Texas", "a major European carrier"]
PRODUCTS = ["flagship SUV", "best-selling sensor", "premium headset", "top-selling drug"]

# TEMPLATES[label][style]: str.format templates over the slots made in _slots().
TEMPLATES = {
    "positive": {
        "plain": [
            "{co} beats {q} estimates as revenue rises {pct} to {amt}",
            "{co} raises full-year {year} guidance on strong {seg} demand",
            "{co} shares jump {pct} after record {q} profit",
            "{co} announces {amt} share buyback and dividend increase",
            "{co} wins {amt} contract from {agency}",
            "{co} upgraded to buy at {bank}; price target raised to {price_hi}",
            "{co} posts {q} EPS of {eps_hi}, above consensus of {eps_lo}",
        ],
        "negation": [
            "{co} no longer expects a loss in {year}",
            "{co} says it will not need to raise new capital",
            "{co} does not see any slowdown in {seg} orders, shares rise {pct}",
            "{co} sees no impact from tariffs on {year} margins",
            "{co} shares rise as feared writedown fails to materialise",
            "Analysts see no risk of default at {co} after {amt} refinancing",
            "{co} has never been in a stronger position, CEO says as {q} sales climb {pct}",
            "{co} beats estimates without cutting prices",
        ],
        "confounder": [
            "{co} cuts net loss by {pct} as costs fall",
            "{co} shares surge despite broader market sell-off",
            "{co} debt falls to lowest level since {year_old} as cash flow improves",
            "{co} shrugs off recession fears, lifts {year} outlook",
            "{co} recovers from {q} slump with {pct} revenue jump",
            "{co} narrows losses to {amt} and beats estimates despite weak {seg} market",
        ],
    },
    "negative": {
        "plain": [
            "{co} misses {q} estimates; shares fall {pct}",
            "{co} cuts {year} outlook as {seg} demand weakens",
            "{co} to lay off {count} workers amid restructuring",
            "{co} swings to {q} loss of {amt}",
            "{co} downgraded to sell at {bank}; price target cut to {price_lo}",
            "{co} recalls {count} units over safety defect",
            "{co} posts {q} EPS of {eps_lo}, below consensus of {eps_hi}",
            "Regulators fine {co} {amt} over reporting lapses",
        ],
        "negation": [
            "{co} fails to beat {q} estimates",
            "{co} no longer expects a profit in {year}",
            "{co} will not pay a dividend this quarter",
            "{co} does not expect growth in {seg} before {year}",
            "{co} unable to meet {amt} debt payment, seeks waiver",
            "{co} says {seg} recovery has not arrived; shares slide {pct}",
            "{co} won't meet {year} margin target, CFO says",
            "{co} ends {q} without a buyer for its {seg} unit, shares drop {pct}",
        ],
        "confounder": [
            "{co} posts record revenue but swings to a {amt} loss",
            "{co} shares sink {pct} even as revenue beats estimates",
            "Despite upbeat tone, {co} slashes {year} guidance",
            "{co} {product} hit by recall; shares drop {pct}",
            "{co} growth story unravels as sales fall {pct}",
            "{co} gains in {seg} overshadowed by {amt} writedown",
        ],
    },
    "neutral": {
        "plain": [
            "{co} to report {q} earnings on {date}",
            "{co} names {exec} chief financial officer",
            "{co} to present at {bank} technology conference on {date}",
            "{co} completes previously announced {amt} bond offering",
            "{co} shares unchanged at {price_lo} in early trading",
            "{co} moves headquarters to {city}",
            "{co} schedules annual shareholder meeting for {date}",
        ],
        "negation": [
            "{co} says no decision yet on {seg} spin-off",
            "{co} has not set a date for its investor day",
            "{co} does not change its {year} guidance",
            "{co} shares little changed at {price_lo}; no new guidance given",
            "{co} will not hold a conference call for {q} results",
            "{co} CEO {exec} not expected to attend {city} summit",
        ],
        "confounder": [
            "{co} to discuss strong dollar and weak demand at investor day on {date}",
            "{co} shares flat as gains in {seg} offset declines in {seg2}",
            "{co} hires former {bank} crisis manager as head of growth",
            "{co} keeps quarterly dividend at {eps_lo} per share amid record volatility in sector",
            "{co} to hold call on {date} about {q} profit and loss statements",
        ],
    },
}
STYLES = (("plain", 0.45), ("negation", 0.35), ("confounder", 0.2))


def _money(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"${rng.randint(11, 95) / 10:.1f} billion"
    return f"${rng.randint(12, 990)} million"


def _slots(rng: random.Random, company: tuple[str, str, str]) -> dict[str, str]:
    name, ticker, exchange = company
    form = rng.random()
    if form < 0.5:
        co = name
    elif form < 0.85:
        co = f"{name} ({ticker})"
    else:
        co = f"{name} ({exchange}: {ticker})"
    eps_lo = rng.randint(5, 400) / 100
    price_lo = rng.randint(800, 40000) / 100
    seg, seg2 = rng.sample(SEGMENTS, 2)
    year = rng.randint(2024, 2027)
    pct = rng.choice([f"{rng.randint(2, 45)}%", f"{rng.randint(15, 350) / 10:.1f}%"])
    return {
        "co": co, "q": f"Q{rng.randint(1, 4)}", "pct": pct, "amt": _money(rng),
        "year": str(year), "year_old": str(year - rng.randint(3, 12)), "seg": seg, "seg2": seg2,
        "bank": rng.choice(BANKS), "agency": rng.choice(AGENCIES), "exec": rng.choice(EXECUTIVES),
        "city": rng.choice(CITIES), "product": rng.choice(PRODUCTS),
        "eps_lo": f"${eps_lo:.2f}", "eps_hi": f"${eps_lo + rng.randint(3, 40) / 100:.2f}",
        "price_lo": f"${price_lo:.2f}", "price_hi": f"${price_lo * rng.uniform(1.1, 1.4):.2f}",
        "count": f"{rng.choice([120, 350, 800, 1200, 2500, 4000, 6500, 12000]):,}",
        "date": f"{rng.choice(MONTHS)} {rng.randint(1, 28)}",
    }


def _headline(rng: random.Random, label: str) -> Headline:
    roll, style = rng.random(), "confounder"
    for name, weight in STYLES:
        if roll < weight:
            style = name
            break
        roll -= weight
    company = rng.choice(COMPANIES)
    text = rng.choice(TEMPLATES[label][style]).format(**_slots(rng, company))
    return Headline(text, label, company[0], style == "negation", company[1], style == "confounder")


def financial_headlines(n: int, seed: int = 0) -> list[Headline]:
    """``n`` labelled headlines with balanced labels, the same list for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    labels = [LABELS[i % 3] for i in range(n)]
    rng.shuffle(labels)
    return [_headline(rng, label) for label in labels]
