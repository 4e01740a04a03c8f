"""Tests for the puzzle, movie, city-guide, product and policy corpora and the generated sites."""

from __future__ import annotations

import html
import itertools
import json
import re
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import replace

import pytest
from llmlab.corpora.city_guides import (
    FACT_SECTION,
    cities,
    city_guides,
    facts,
    guide_documents,
    trip_questions,
)
from llmlab.corpora.movies import answer_thriller_question, movie_graph
from llmlab.corpora.policies import policy_documents, write_policy_pdfs
from llmlab.corpora.products import COLOURS, Product, product_catalogue
from llmlab.corpora.puzzles import logic_puzzles, solutions, solve
from llmlab.sites import listings_site, news_site, serve_site


# ----------------------------------------------------------------------------- puzzles
def test_puzzles_are_deterministic_and_uniquely_solved():
    puzzles = logic_puzzles(16, seed=3)
    assert puzzles == logic_puzzles(16, seed=3)
    assert [p.text for p in puzzles] != [p.text for p in logic_puzzles(16, seed=4)]
    assert {p.kind for p in puzzles} == {"zebra", "knights"}
    assert {p.difficulty for p in puzzles} <= {"easy", "medium", "hard"}
    for p in puzzles:
        assert len(solutions(p)) == 1
        assert solve(p) == p.answer
        assert p.question in p.prompt and p.text in p.prompt
    zebras = logic_puzzles(6, seed=0, kinds=("zebra",))
    assert all(p.kind == "zebra" and 3 <= len(p.spec.clues) <= 16 for p in zebras)


def _zebra_by_text(text: str, question: str) -> str:
    """Independent brute force from the words alone: the category lists, then each clue."""
    lines = text.splitlines()
    cats = {}
    for line in lines[1:lines.index("Clues:")]:
        label, values = line.rstrip(".").split(": ")
        cats[label] = values.split(", ")
    n = len(next(iter(cats.values())))
    category_of = {v: label for label, values in cats.items() for v in values}
    clues = []
    for line in lines[lines.index("Clues:") + 1:]:
        sentence = line.split(". ", 1)[1]
        found = [w for w in re.findall(r"[A-Za-z]+", sentence) if w in category_of]
        house = re.search(r"house (\d)", sentence)
        if "directly to the left of" in sentence:
            rel = "left"
        elif "somewhere to the left of" in sentence:
            rel = "before"
        elif "next to" in sentence:
            rel = "next"
        elif house:
            rel = "not_at" if " not " in sentence else "at"
        else:
            rel = "different" if " not " in sentence else "same"
        clues.append((rel, found, int(house.group(1)) if house else None))
    asked = {"What is the name": "Names", "What colour": "House colours", "Which pet": "Pets",
             "What does": "Drinks", "What is the job": "Jobs", "Which instrument": "Instruments",
             "In which house": "house"}
    ask = next(label for prefix, label in asked.items() if question.startswith(prefix))
    about = next(w for w in re.findall(r"[A-Za-z]+", question) if w in category_of)
    labels = list(cats)
    answers = set()
    for perms in itertools.product(itertools.permutations(range(1, n + 1)), repeat=len(labels)):
        pos = {v: perm[i] for label, perm in zip(labels, perms, strict=True) for i, v in enumerate(cats[label])}
        ok = True
        for rel, found, h in clues:
            a = pos[found[0]]
            b = pos[found[1]] if len(found) > 1 else None
            ok = {"at": a == h, "not_at": a != h, "same": a == b, "different": a != b,
                  "left": b is not None and a + 1 == b, "next": b is not None and abs(a - b) == 1,
                  "before": b is not None and a < b}[rel]
            if not ok:
                break
        if ok:
            where = pos[about]
            answers.add(str(where) if ask == "house" else next(v for v in cats[ask] if pos[v] == where))
    assert len(answers) == 1, answers
    return answers.pop()


def _knights_by_text(text: str) -> list[dict[str, bool]]:
    names = re.search(r"inhabitants: (.*)\.", text).group(1).replace(" and ", ", ").split(", ")
    numbers = {"one": 1, "two": 2, "three": 3, "four": 4}
    checks = []  # (speaker, relation, x, y)
    for speaker, said in re.findall(r'^(\w+) says: "(.*)"$', text, re.M):
        said = re.sub(r"\b(I|me)\b", speaker, said)
        if m := re.fullmatch(r"(\w+) is a (knight|knave)\.", said):
            checks.append((speaker, m[2], m[1], None))
        elif m := re.fullmatch(r"(\w+) and (\w+) are both knights\.", said):
            checks.append((speaker, "both", m[1], m[2]))
        elif m := re.fullmatch(r"(\w+) and (\w+) are of (the same kind|different kinds)\.", said):
            checks.append((speaker, m[3], m[1], m[2]))
        elif m := re.fullmatch(r"At least one of (\w+) and (\w+) is a knave\.", said):
            checks.append((speaker, "one knave", m[1], m[2]))
        elif said == "None of us is a knight.":
            checks.append((speaker, "count", 0, None))
        elif m := re.fullmatch(r"Exactly (\w+) of us (?:is a knight|are knights)\.", said):
            checks.append((speaker, "count", numbers[m[1]], None))
        else:
            raise AssertionError(f"unparsed statement {said!r}")

    def true(k: dict[str, bool], relation: str, x, y) -> bool:
        return {
            "knight": lambda: k[x], "knave": lambda: not k[x], "both": lambda: k[x] and k[y],
            "the same kind": lambda: k[x] == k[y], "different kinds": lambda: k[x] != k[y],
            "one knave": lambda: not (k[x] and k[y]), "count": lambda: sum(k.values()) == x,
        }[relation]()

    assert len(checks) == len(names)
    found = []
    for bits in itertools.product([True, False], repeat=len(names)):
        k = dict(zip(names, bits, strict=True))
        if all(true(k, rel, x, y) == k[s] for s, rel, x, y in checks):
            found.append(k)
    return found


def test_puzzle_answers_match_an_independent_brute_force_on_the_text():
    zebras = logic_puzzles(5, seed=11, kinds=("zebra",))
    for p in zebras:
        assert _zebra_by_text(p.text, p.question) == p.answer
    knights = logic_puzzles(12, seed=11, kinds=("knights",))
    for p in knights:
        (only,) = _knights_by_text(p.text)
        about = re.match(r"Is (\w+) a knight", p.question).group(1)
        assert ("knight" if only[about] else "knave") == p.answer
        assert tuple((n, "knight" if only[n] else "knave") for n in only) == p.solution


# ----------------------------------------------------------------------------- movies
def test_movie_graph_thriller_question_recomputed_independently():
    graph = movie_graph(60, seed=5)
    assert graph == movie_graph(60, seed=5)
    assert len(graph.movies) == 60 and len({m.title for m in graph.movies}) == 60
    assert len({p.name for p in graph.people}) == len(graph.people)
    cast = defaultdict(set)
    for person, title in graph.acted_in:
        cast[title].add(person)
    director_of = dict((t, d) for d, t in graph.directed)
    assert len(graph.directed) == 60 and set(director_of) == {m.title for m in graph.movies}
    assert all(3 <= len(cast[m.title]) <= 5 for m in graph.movies)
    genre = {m.title: m.genre for m in graph.movies}
    reaching_further = 0
    for director in sorted(set(director_of.values())):
        worked_with = set().union(*(cast[t] for t, d in director_of.items() if d == director))
        expected = {t for t in cast if genre[t] == "Thriller" and cast[t] & worked_with}
        assert answer_thriller_question(graph, director) == expected
        reaching_further += bool({t for t in expected if director_of[t] != director})
    assert reaching_further >= 3  # the question needs the second hop for several directors
    assert answer_thriller_question(graph, "Nobody Atall") == set()


# ----------------------------------------------------------------------------- city guides
def test_city_facts_appear_in_their_guides():
    city_list = cities(6, seed=2)
    assert city_list == cities(6, seed=2)
    docs = city_guides(6, seed=2)
    assert len(docs) == 42 and len({d.id for d in docs}) == 42
    for city in city_list:
        sections = {d.section: d.text for d in guide_documents(city)}
        assert all(doc_id.startswith(city.slug + "/") for doc_id in (d.id for d in guide_documents(city)))
        f = facts(city)
        assert len(f) == len(FACT_SECTION)
        for key, value in f.items():
            assert value in sections[FACT_SECTION[key]], (city.name, key, value)
        rows = re.findall(r"^\| (\w+) \| (-?\d+) \| (\d+) \| \d+ \|$", sections["weather"], re.M)
        assert len(rows) == 12
        assert f["hottest_month"] == max(rows, key=lambda r: int(r[1]))[0]
        assert f["rainiest_month"] == max(rows, key=lambda r: int(r[2]))[0]
        prices = {t.mode: t.price for t in city.transfers}
        assert f["cheapest_airport_transfer"] == min(prices, key=prices.get)
    for q in trip_questions(city_list, n=10, seed=0):
        assert 2 <= len(q.parts) <= 3 and q.city in q.question
        city = next(c for c in city_list if c.name == q.city)
        for part in q.parts:
            assert part.answer == facts(city)[part.fact]
            assert part.answer in next(d.text for d in guide_documents(city) if d.id == part.doc_id)


# ----------------------------------------------------------------------------- products
def _pixels(image) -> list[bytes]:
    raw = image.tobytes()
    return [raw[i:i + 3] for i in range(0, len(raw), 3)]


def _means(image, skip_white: bool) -> list[float]:
    pixels = [p for p in _pixels(image) if not (skip_white and min(p) > 245)]
    return [sum(p[i] for p in pixels) / len(pixels) for i in range(3)]


def test_product_images_encode_colour_and_shape(tmp_path):
    import PIL  # noqa: F401 - fails loudly when the extra is missing
    from llmlab.corpora.products import render_product, write_catalogue

    base = Product("P", "Test ball", "ball", "red", "circle", "plain", 9.99, render_seed=1)
    red = render_product(base)
    blue = render_product(replace(base, colour="blue"))
    assert red.size == (64, 64) and red.mode == "RGB"
    r_red, _, b_red = _means(red, False)
    r_blue, _, b_blue = _means(blue, False)
    assert r_red - r_blue > 40 and b_blue - b_red > 40
    for product in product_catalogue(40, seed=1):
        means = _means(render_product(product), True)
        expected = COLOURS[product.colour]
        assert means.index(max(means)) == expected.index(max(expected)), product
    area = {}
    for category, shape in [("cushion", "square"), ("ball", "circle"), ("ornament", "star")]:
        image = render_product(Product("P", "x", category, "green", shape, "plain", 1.0, render_seed=7))
        area[shape] = sum(min(p) < 200 for p in _pixels(image))
    assert area["square"] > area["circle"] > area["star"] > 300

    path = write_catalogue(tmp_path / "a", n=12, seed=4)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) == 12 and len(list((tmp_path / "a" / "images").glob("*.png"))) == 12
    first = records[0]
    assert first["colour"] in first["caption"] and first["category"] in first["caption"]
    write_catalogue(tmp_path / "b", n=12, seed=4)
    image = first["image"]
    assert (tmp_path / "a" / image).read_bytes() == (tmp_path / "b" / image).read_bytes()


# ----------------------------------------------------------------------------- policies
def test_policy_pdf_gold_answers_are_on_their_pages(tmp_path):
    import fpdf  # noqa: F401 - fails loudly when the extra is missing
    import pypdf
    docs = policy_documents(4, seed=0)
    assert [d.kind for d in docs] == ["leave", "expenses", "security", "remote"]
    for doc in docs:
        assert all(qa.answer in doc.text for qa in doc.qa)
        answers = [qa.answer for qa in doc.qa]
        assert len(answers) == len(set(answers)) >= 8
    gold = write_policy_pdfs(tmp_path / "one", n=4, seed=0)
    assert len(gold) == sum(len(d.qa) for d in docs)
    by_file = defaultdict(list)
    for qa in gold:
        by_file[qa.file].append(qa)
    assert len(by_file) == 4
    for name, qas in by_file.items():
        pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(tmp_path / "one" / name).pages]
        assert 2 <= len(pages) <= 5, (name, len(pages))
        for qa in qas:
            assert 1 <= qa.page <= len(pages)
            assert qa.answer in pages[qa.page - 1], (name, qa)
    write_policy_pdfs(tmp_path / "two", n=4, seed=0)
    for name in by_file:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


# ----------------------------------------------------------------------------- sites
def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _parse_price(text: str) -> int | None:
    text = html.unescape(text).replace("\xa0", " ").strip().lower()
    if "request" in text or "poa" in text:
        return None
    number, unit = re.search(r"([\d][\d,.]*)\s*([mk]?)", text).groups()
    return round(float(number.replace(",", "")) * {"m": 1_000_000, "k": 1_000, "": 1}[unit])


DETAIL = {
    "a": (r'<dd class="price">(.*?)</dd>', r'<dt>Bedrooms</dt><dd class="bedrooms">(.*?)</dd>'),
    "b": (r'<span class="label">Asking price</span><span class="value">(.*?)</span>',
          r'<span class="label">Beds</span><span class="value">(.*?)</span>'),
}


def _crawl(base: str, variant: str) -> dict[str, tuple[int | None, int | None]]:
    """Follow "next" links from page 1; fetch every detail page; typed (price, bedrooms) per id."""
    found, url, pages = {}, f"{base}/listings?page=1", 0
    while url:
        status, page = _get(url)
        assert status == 200
        pages += 1
        for item_id, href in re.findall(r'data-(?:listing-)?id="(L\d+)">\s*<(?:td|h2) class="[\w_]+"><a href="([^"]+)"', page):
            _, detail = _get(base + href)
            price = re.search(DETAIL[variant][0], detail, re.S).group(1)
            beds = re.search(DETAIL[variant][1], detail)
            found[item_id] = (_parse_price(price), int(beds.group(1)) if beds and beds.group(1).isdigit() else None)
        nxt = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = base + nxt.group(1) if nxt else None
    return found


def test_listings_site_serves_every_listing_over_http():
    site = listings_site(n=23, seed=1, variant="a")
    truth = {r.id: (r.price, r.bedrooms) for r in site.records}
    assert len(truth) == 23 and site.n_pages == 3
    with serve_site(site) as base:
        assert base.startswith("http://127.0.0.1:")
        status, robots = _get(base + "/robots.txt")
        assert status == 200 and "User-agent: *" in robots and "Disallow: /private/" in robots
        assert _crawl(base, "a") == truth
        assert _get(base + "/listings?page=4")[0] == 404
        assert _get(base + "/listings?page=zero")[0] == 400
    assert not any(r.path.startswith("/private/") for r in site.requests)
    assert len(site.requests) == 1 + 3 + 23 + 2
    assert any(r.price is None for r in site.records)
    assert any(r.bedrooms is None or r.agent is None or r.area_sqft is None for r in site.records)


def test_listings_variant_has_new_layout_and_same_truth():
    a, b = listings_site(23, seed=1, variant="a"), listings_site(23, seed=1, variant="b")
    assert a.records == b.records
    assert a._index(1) != b._index(1) and a.detail_path(a.records[0]) != b.detail_path(b.records[0])
    with serve_site(b) as base:
        assert _crawl(base, "b") == {r.id: (r.price, r.bedrooms) for r in b.records}
    assert a.records == listings_site(23, seed=1, variant="a").records
    assert a.records != listings_site(23, seed=2, variant="a").records


def test_listings_rate_limit_and_editions():
    site = listings_site(10, seed=0, min_interval=5.0, crawl_delay=5)
    assert "Crawl-delay: 5" in site.robots_txt()
    with serve_site(site) as base:
        assert _get(base + "/listings")[0] == 200
        assert _get(base + "/listings")[0] == 429
    assert [r.status for r in site.requests] == [200, 429]
    old, new = listings_site(20, seed=0).records, listings_site(20, seed=0, edition=1).records
    assert len(new) == 23 and {r.id for r in old} < {r.id for r in new}
    changed = [r for r in new if r.id in {o.id for o in old} and r not in old]
    assert len(changed) == 2 and all(r.updated > r.listed for r in changed)


def test_news_site_json_and_headlines_match_truth():
    site = news_site(n_companies=3, days=30, seed=0)
    assert len(site.companies) == 3 and all(len(v) == 30 for v in site.prices.values())
    ticker = site.companies[0].ticker
    with serve_site(site) as base:
        status, body = _get(f"{base}/api/prices/{ticker}")
        assert status == 200
        assert json.loads(body)["prices"] == [p.__dict__ for p in site.prices[ticker]]
        _, window = _get(f"{base}/api/prices/{ticker}?start=2024-01-08&end=2024-01-12")
        assert [p["date"] for p in json.loads(window)["prices"]] == [f"2024-01-{d:02d}" for d in range(8, 13)]
        _, csv = _get(f"{base}/api/prices/{ticker}.csv")
        assert len(csv.splitlines()) == 31
        titles, url = [], f"{base}/company/{ticker}"
        while url:
            _, page = _get(url)
            titles += [html.unescape(t) for t in re.findall(r"<h3>(.*?)</h3>", page)]
            nxt = re.search(r'rel="next" href="([^"]+)"', page)
            url = base + nxt.group(1) if nxt else None
        assert _get(f"{base}/api/prices/NOPE")[0] == 404
    expected = [h.title for h in reversed(site.headlines) if h.ticker == ticker]
    assert titles == expected and len(expected) > 5


def test_serve_site_serves_a_folder_and_only_on_loopback(tmp_path):
    (tmp_path / "index.html").write_text("<h1>hello</h1>\n")
    with serve_site(tmp_path) as base:
        assert _get(base + "/index.html") == (200, "<h1>hello</h1>\n")
        assert _get(base + "/missing.html")[0] == 404
    with pytest.raises(ValueError, match="loopback"), serve_site(tmp_path, host="0.0.0.0"):
        pass
