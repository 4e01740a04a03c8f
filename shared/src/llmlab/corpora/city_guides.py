"""Travel guides to fictional cities, for the agentic RAG labs.

Each city gets seven Markdown documents with stable ids ``"<city-slug>/<section>"``: overview,
sights, food, transport, weather (a month-by-month table), neighbourhoods and budget. The cities
are invented, so a model cannot answer from memory: it has to retrieve. Every city has the same
sections, so retrieval must also pick the right city.

Ground truth: :func:`facts` gives each city's key facts as strings that appear verbatim in its
guide (best month to visit, cheapest and fastest way from the airport, ticket prices, top sight,
signature dish, neighbourhoods for nightlife/families/budget, daily budgets ...), and
``FACT_SECTION`` names the section each fact lives in, so a fact's source document id is
``f"{city.slug}/{FACT_SECTION[key]}"``. :func:`trip_questions` combines two or three facts into
one multi-part question with known parts and sources. The same ``seed`` gives the same cities.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

PREFIXES = ["Val", "Bel", "Mar", "Sol", "Ard", "Cor", "Lun", "Tor", "Ves", "Kal", "Oren", "Dun", "Esk", "Pal"]
SUFFIXES = ["mora", "haven", "isca", "ento", "wick", "adra", "ovia", "enne", "burg", "arra", "ssia", "holm"]
COUNTRIES = [("Estavia", "Estavian", "EUR"), ("Norland", "Norlandic", "NOK"), ("Caldera", "Calderan", "USD"),
             ("Meridia", "Meridian", "EUR"), ("Tarsis", "Tarsian", "GBP"), ("Ostmark", "Ostish", "CHF")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# mode, route name pattern, minutes range, price range (in the local currency)
TRANSFERS = [
    ("airport bus", "bus line A{n}", (35, 60), (2.0, 6.0)),
    ("express train", "the Airport Express", (14, 25), (9.0, 16.0)),
    ("metro", "metro line {n}", (28, 45), (2.5, 5.0)),
    ("taxi", "a metered taxi", (20, 40), (30.0, 60.0)),
    ("shared shuttle", "a shared shuttle van", (40, 70), (11.0, 19.0)),
    ("water bus", "water bus route {n}", (50, 80), (6.0, 12.0)),
]
NEIGHBOURHOODS = ["Old Town", "Harbourside", "Riverside", "Castle Hill", "Latin Quarter", "Station District",
                  "Garden Quarter", "Arts District", "Fishermen's Row", "University Quarter"]
VIBES = {
    "nightlife": "the place for nightlife, with late bars and live music until dawn",
    "families": "the best area for families, with playgrounds, a shallow beach and quiet streets",
    "budget": "the best area for budget stays, with hostels and cheap guesthouses",
    "art": "full of galleries, design shops and studios in old warehouses",
    "quiet": "calm and residential, with tree-lined squares and small cafes",
}
SIGHT_PATTERNS = ["the {adj} Tower", "{city} Cathedral", "the Museum of {thing}", "the {adj} Gardens",
                  "the Old Lighthouse", "the {thing} Market Hall", "the Royal {thing} Palace",
                  "the {adj} Bridge", "the Observatory", "the City Aquarium"]
SIGHT_ADJ = ["Copper", "Silver", "Amber", "Northern", "Crooked", "Whispering", "Painted", "Sunken"]
SIGHT_THING = ["Maps", "Glass", "Clocks", "Salt", "Textiles", "Lanterns", "Ships", "Porcelain"]
DISH_ADJ = ["smoked", "slow-cooked", "saffron", "crispy", "honey-glazed", "pickled", "spiced", "charred"]
DISH_BASE = ["eel pie", "fish stew", "lamb dumplings", "chestnut pancakes", "mussel soup", "barley risotto",
             "rabbit pie", "herring toast", "bean cassoulet", "almond tart"]
RESTAURANT = ["The Copper Pot", "Casa Lume", "Two Anchors", "The Green Door", "Mama Vesna's", "Salt & Smoke",
              "The Long Table", "Kitchen No. 7", "The Quay Cellar", "Oak and Ember"]
MARKETS = ["Lantern Market", "Quayside Market", "Old Hall Market", "Night Market", "Saturday Square Market",
           "Fish Steps Market"]


@dataclass(frozen=True)
class Transfer:
    mode: str
    route: str
    minutes: int
    price: float


@dataclass(frozen=True)
class Sight:
    name: str
    neighbourhood: str
    fee: float  # 0 = free
    closed: str  # weekday
    hours: str


@dataclass(frozen=True)
class City:
    """Everything the guide says about one city (prices in ``currency``)."""

    name: str
    slug: str
    country: str
    language: str
    currency: str
    population: int
    airport: str
    transfers: tuple[Transfer, ...]
    single_ticket: float
    day_pass: float
    weather: tuple[tuple[str, int, int, int], ...]  # (month, avg high C, rain mm, rainy days)
    best_month: str
    sights: tuple[Sight, ...]  # the first is the most visited
    dish: str
    dish_restaurant: str
    market: str
    market_days: str
    neighbourhoods: tuple[tuple[str, str], ...]  # (name, vibe key)
    budgets: tuple[int, int, int]  # backpacker, mid-range, luxury per day
    coffee: float
    meal: float
    dorm_bed: float


@dataclass(frozen=True)
class GuideDoc:
    id: str  # "<city-slug>/<section>"
    city: str
    section: str
    title: str
    text: str  # Markdown


@dataclass(frozen=True)
class QuestionPart:
    question: str
    answer: str
    fact: str  # key in facts(city)
    doc_id: str


@dataclass(frozen=True)
class TripQuestion:
    city: str
    question: str
    parts: tuple[QuestionPart, ...]


SECTIONS = ["overview", "sights", "food", "transport", "weather", "neighbourhoods", "budget"]
FACT_SECTION = {
    "city": "overview", "country": "overview", "language": "overview", "currency": "overview",
    "airport": "overview",
    "best_month": "weather", "rainiest_month": "weather", "hottest_month": "weather",
    "cheapest_airport_transfer": "transport", "cheapest_airport_transfer_price": "transport",
    "fastest_airport_transfer": "transport", "fastest_airport_transfer_minutes": "transport",
    "single_ticket_price": "transport", "day_pass_price": "transport",
    "top_sight": "sights", "top_sight_fee": "sights", "top_sight_closed_day": "sights", "free_sight": "sights",
    "signature_dish": "food", "signature_dish_restaurant": "food", "food_market": "food",
    "food_market_days": "food",
    "nightlife_neighbourhood": "neighbourhoods", "family_neighbourhood": "neighbourhoods",
    "budget_neighbourhood": "neighbourhoods",
    "daily_budget_backpacker": "budget", "daily_budget_midrange": "budget", "daily_budget_luxury": "budget",
}
# sub-questions, and the clause each contributes to a combined question
ASK = {
    "best_month": ("What is the best month to visit {city}?", "what is the best month to visit"),
    "cheapest_airport_transfer": ("What is the cheapest way to get from {city}'s airport to the city centre?",
                                  "what is the cheapest way from the airport to the centre"),
    "cheapest_airport_transfer_price": ("How much does the cheapest airport transfer in {city} cost?",
                                        "how much does the cheapest airport transfer cost"),
    "fastest_airport_transfer": ("What is the fastest way from {city}'s airport to the city centre?",
                                 "what is the fastest way from the airport to the centre"),
    "day_pass_price": ("How much is a 24-hour public transport pass in {city}?",
                       "how much is a 24-hour transport pass"),
    "top_sight": ("What is the most visited sight in {city}?", "which sight is the most visited"),
    "top_sight_closed_day": ("On which day is {city}'s most visited sight closed?",
                             "on which day is the most visited sight closed"),
    "free_sight": ("Which sight in {city} is free to enter?", "which sight is free to enter"),
    "signature_dish": ("What is the signature dish of {city}?", "what is the signature dish"),
    "food_market_days": ("On which days is {city}'s main food market open?",
                         "on which days is the main food market open"),
    "nightlife_neighbourhood": ("Which neighbourhood of {city} is best for nightlife?",
                                "which neighbourhood is best for nightlife"),
    "family_neighbourhood": ("Which neighbourhood of {city} is best for families?",
                             "which neighbourhood is best for families"),
    "budget_neighbourhood": ("Which neighbourhood of {city} is best for a budget stay?",
                             "where should a budget traveller stay"),
    "daily_budget_backpacker": ("How much does a backpacker need per day in {city}?",
                                "how much does a backpacker need per day"),
    "rainiest_month": ("What is the rainiest month in {city}?", "which month is the rainiest"),
}


def _money(amount: float, currency: str) -> str:
    return f"{amount:.2f} {currency}" if amount != int(amount) else f"{int(amount)} {currency}"


def _price(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high) * 2) / 2  # to the half unit


def _weather(rng: random.Random) -> tuple[tuple[tuple[str, int, int, int], ...], str]:
    south = rng.random() < 0.25
    mean, swing = rng.uniform(12, 21), rng.uniform(5, 12)
    wet_peak, rain_mean, rain_swing = rng.randrange(12), rng.uniform(40, 90), rng.uniform(15, 45)
    while True:
        rows, scores = [], []
        for m in range(12):
            phase = 2 * math.pi * (m - (0 if south else 6)) / 12
            temp = round(mean + swing * math.cos(phase) + rng.uniform(-1.5, 1.5))
            rain = max(3, round(rain_mean + rain_swing * math.cos(2 * math.pi * (m - wet_peak) / 12)
                                + rng.uniform(-8, 8)))
            days = max(1, min(25, round(rain / 7 + rng.uniform(-1, 1))))
            rows.append((MONTHS[m], temp, rain, days))
            scores.append(-abs(temp - 24) - rain / 12)
        ranked = sorted(scores, reverse=True)
        temps, rains = [r[1] for r in rows], [r[2] for r in rows]
        if ranked[0] - ranked[1] > 0.3 and temps.count(max(temps)) == 1 and rains.count(max(rains)) == 1:
            return tuple(rows), MONTHS[scores.index(ranked[0])]


def _city(rng: random.Random, name: str) -> City:
    country, language, currency = rng.choice(COUNTRIES)
    n_transfers = rng.randint(3, 4)
    picks = [t for t in TRANSFERS if t[0] != "taxi"]
    modes = rng.sample(picks, n_transfers - 1) + [TRANSFERS[3]]
    while True:
        transfers = tuple(
            Transfer(mode, route.format(n=rng.randint(1, 9)), rng.randint(*mins), _price(rng, *prices))
            for mode, route, mins, prices in modes
        )
        prices = [t.price for t in transfers]
        minutes = [t.minutes for t in transfers]
        if len(set(prices)) == len(prices) and len(set(minutes)) == len(minutes):
            break
    single = _price(rng, 1.5, 3.5)
    weather, best = _weather(rng)
    hoods = rng.sample(NEIGHBOURHOODS, 5)
    vibes = ["nightlife", "families", "budget", *rng.sample(["art", "quiet"], 2)]
    rng.shuffle(vibes)
    sight_names: list[str] = []
    while len(sight_names) < 5:
        s = rng.choice(SIGHT_PATTERNS).format(adj=rng.choice(SIGHT_ADJ), thing=rng.choice(SIGHT_THING), city=name)
        if s not in sight_names:
            sight_names.append(s)
    free_index = rng.randint(1, 4)
    sights = tuple(
        Sight(s[0].upper() + s[1:], rng.choice(hoods), 0.0 if i == free_index else _price(rng, 4, 22),
              rng.choice(WEEKDAYS), f"{rng.randint(8, 10)}:00-{rng.randint(17, 21)}:00")
        for i, s in enumerate(sight_names)
    )
    backpacker = rng.randint(35, 70)
    return City(
        name=name, slug=name.lower().replace(" ", "-"), country=country, language=language,
        currency=currency, population=rng.randint(180, 2400) * 1000,
        airport=f"{name} {rng.choice(['International', 'Regional', 'Central'])} Airport",
        transfers=transfers, single_ticket=single, day_pass=round(single * rng.uniform(2.5, 4) * 2) / 2,
        weather=weather, best_month=best, sights=sights,
        dish=f"{rng.choice(DISH_ADJ)} {rng.choice(DISH_BASE)}", dish_restaurant=rng.choice(RESTAURANT),
        market=rng.choice(MARKETS),
        market_days=rng.choice(["Tuesday to Sunday", "Thursday to Saturday", "weekends only",
                                "Monday to Saturday", "Wednesday and Saturday"]),
        neighbourhoods=tuple(zip(hoods, vibes, strict=True)),
        budgets=(backpacker, backpacker * 2 + rng.randint(20, 60), backpacker * 5 + rng.randint(100, 300)),
        coffee=_price(rng, 1.5, 4.5), meal=_price(rng, 9, 25), dorm_bed=_price(rng, 14, 38),
    )


def cities(n: int = 6, seed: int = 0) -> list[City]:
    """``n`` invented cities (at most 168), the same list for the same ``seed``."""
    names = [p + s for p in PREFIXES for s in SUFFIXES]
    if not 0 <= n <= len(names):
        raise ValueError(f"n must be between 0 and {len(names)}, got {n}")
    rng = random.Random(seed)
    return [_city(rng, name) for name in rng.sample(names, n)]


def _cheapest(city: City) -> Transfer:
    return min(city.transfers, key=lambda t: t.price)


def _fastest(city: City) -> Transfer:
    return min(city.transfers, key=lambda t: t.minutes)


def _hood(city: City, vibe: str) -> str:
    return next(name for name, v in city.neighbourhoods if v == vibe)


def facts(city: City) -> dict[str, str]:
    """The city's key facts; every value appears verbatim in its guide (see ``FACT_SECTION``)."""
    c = city.currency
    temps = [row[1] for row in city.weather]
    rains = [row[2] for row in city.weather]
    top = city.sights[0]
    return {
        "city": city.name, "country": city.country, "language": city.language, "currency": c,
        "airport": city.airport,
        "best_month": city.best_month,
        "rainiest_month": city.weather[rains.index(max(rains))][0],
        "hottest_month": city.weather[temps.index(max(temps))][0],
        "cheapest_airport_transfer": _cheapest(city).mode,
        "cheapest_airport_transfer_price": _money(_cheapest(city).price, c),
        "fastest_airport_transfer": _fastest(city).mode,
        "fastest_airport_transfer_minutes": f"{_fastest(city).minutes} minutes",
        "single_ticket_price": _money(city.single_ticket, c),
        "day_pass_price": _money(city.day_pass, c),
        "top_sight": top.name, "top_sight_fee": _money(top.fee, c), "top_sight_closed_day": top.closed,
        "free_sight": next(s.name for s in city.sights if s.fee == 0),
        "signature_dish": city.dish, "signature_dish_restaurant": city.dish_restaurant,
        "food_market": city.market, "food_market_days": city.market_days,
        "nightlife_neighbourhood": _hood(city, "nightlife"),
        "family_neighbourhood": _hood(city, "families"),
        "budget_neighbourhood": _hood(city, "budget"),
        "daily_budget_backpacker": _money(city.budgets[0], c),
        "daily_budget_midrange": _money(city.budgets[1], c),
        "daily_budget_luxury": _money(city.budgets[2], c),
    }


def _section_text(city: City, section: str, rng: random.Random) -> str:
    c, name = city.currency, city.name
    m = lambda amount: _money(amount, c)  # noqa: E731
    if section == "overview":
        return (
            f"{name} is a city of about {city.population:,} people in {city.country}. The local "
            f"language is {city.language}, and prices are in {c}; cards are accepted almost everywhere.\n\n"
            f"Most visitors arrive at {city.airport}. This guide covers sights, food, getting around, "
            "the weather through the year, where to stay and what a trip costs.\n"
        )
    if section == "sights":
        lines = [f"The most visited sight in {name} is {city.sights[0].name}."]
        for s in city.sights:
            fee = "Entry is free." if s.fee == 0 else f"Entry costs {m(s.fee)}."
            lines.append(f"\n## {s.name}\n\nIn {s.neighbourhood}. Open {s.hours}, closed on {s.closed}s. {fee}")
        return "\n".join(lines) + "\n"
    if section == "food":
        return (
            f"The signature dish of {name} is {city.dish}. "
            + rng.choice(["Locals argue about the best version", "Every family has its own recipe",
                          "It is eaten all year round"])
            + f", but most agree you should try it at {city.dish_restaurant}.\n\n"
            f"## Markets\n\nThe main food market is the {city.market}, open {city.market_days}. "
            f"A sit-down meal costs around {m(city.meal)} and a coffee about {m(city.coffee)}.\n"
        )
    if section == "transport":
        lines = [f"## From the airport\n\n{city.airport} is connected to the city centre by "
                 f"{len(city.transfers)} options:\n"]
        for t in city.transfers:
            lines.append(f"- By {t.mode}: {t.route}, about {t.minutes} minutes, {m(t.price)}.")
        lines.append(
            f"\n## Getting around\n\nA single ticket on buses, trams and the metro costs {m(city.single_ticket)}; "
            f"a 24-hour pass costs {m(city.day_pass)}. The centre is compact and easy to walk.\n"
        )
        return "\n".join(lines)
    if section == "weather":
        rows = "\n".join(f"| {mo} | {t} | {r} | {d} |" for mo, t, r, d in city.weather)
        f = facts(city)
        return (
            f"| Month | Average high (C) | Rainfall (mm) | Rainy days |\n|---|---|---|---|\n{rows}\n\n"
            f"The best month to visit {name} is {f['best_month']}, when it is warm but not hot and the "
            f"rain stays away. The hottest month is {f['hottest_month']} and the rainiest month is "
            f"{f['rainiest_month']}.\n"
        )
    if section == "neighbourhoods":
        return "\n".join(f"## {hood}\n\n{hood} is {VIBES[vibe]}.\n" for hood, vibe in city.neighbourhoods)
    if section == "budget":
        b = city.budgets
        return (
            f"- Backpacker: about {m(b[0])} per day (dorm bed from {m(city.dorm_bed)}, street food, walking).\n"
            f"- Mid-range: about {m(b[1])} per day (a double room, two restaurant meals, a museum).\n"
            f"- Luxury: {m(b[2])} per day or more.\n\n"
            f"A coffee costs about {m(city.coffee)} and a meal about {m(city.meal)}.\n"
        )
    raise ValueError(f"unknown section {section!r}")


TITLES = {"overview": "Overview", "sights": "Sights", "food": "Food and drink", "transport": "Transport",
          "weather": "Weather by month", "neighbourhoods": "Neighbourhoods", "budget": "Budget"}


def guide_documents(city: City) -> list[GuideDoc]:
    """The city's seven Markdown sections, in ``SECTIONS`` order."""
    rng = random.Random(city.slug)
    return [
        GuideDoc(f"{city.slug}/{s}", city.name, s, f"{city.name}: {TITLES[s]}",
                 f"# {city.name}: {TITLES[s]}\n\n{_section_text(city, s, rng)}")
        for s in SECTIONS
    ]


def city_guides(n: int = 6, seed: int = 0) -> list[GuideDoc]:
    """All documents of ``cities(n, seed)``: ``7 * n`` guides with ids ``"<slug>/<section>"``."""
    return [doc for city in cities(n, seed) for doc in guide_documents(city)]


def trip_questions(city_list: list[City], n: int = 20, seed: int = 0) -> list[TripQuestion]:
    """``n`` multi-part questions, each combining two or three facts about one city."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        city = rng.choice(city_list)
        keys = rng.sample(sorted(ASK), rng.choice([2, 2, 3]))
        f = facts(city)
        parts = tuple(QuestionPart(ASK[k][0].format(city=city.name), f[k], k, f"{city.slug}/{FACT_SECTION[k]}")
                      for k in keys)
        clauses = [ASK[k][1] for k in keys]
        joined = ", ".join(clauses[:-1]) + f" and {clauses[-1]}"
        out.append(TripQuestion(city.name, f"I am planning a trip to {city.name}: {joined}?", parts))
    return out


def write_city_guides(folder: str | Path, n: int = 6, seed: int = 0) -> list[Path]:
    """Write every guide as ``folder/<slug>/<section>.md``; returns the paths in document order."""
    paths = []
    for doc in city_guides(n, seed):
        path = Path(folder) / f"{doc.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths
