"""Short texts full of personal data, with gold character spans, for the PII-redaction labs.

Each document is an e-mail, a one-paragraph chat message or an application log, built from
sentence templates (support requests, HR records, payments, shipping) whose slots are filled
with generated values. Every value that is
personal data is recorded as a gold :class:`Span` of one of :data:`PII_TYPES`:

- ``PERSON``: names from many languages ("Siobhán O'Brien", "Jürgen Müller", "Aiko Tanaka"),
  full names and first-name-only mentions ("Hi Aiko,") alike; a title such as "Dr." is outside
  the span;
- ``EMAIL``: "aiko.tanaka@example.com", "jurgen_muller42@mail.example.org", "wei+billing@...";
- ``PHONE``: international and US formats for the US, UK, Germany, France, India, Japan,
  Australia and Brazil ("+1 (415) 555-0132", "(415) 555-0132", "+44 20 7946 0958",
  "+49 (0)89 2345 6789", "+33 6 12 34 56 78", "+91 98765 43210", "+81 3-1234-5678",
  "+61 412 345 678", "+55 11 91234-5678"), 10 to 13 digits;
- ``SSN``: US social security numbers "123-45-6789" (area 001-899 except 666, group 01-99,
  serial 0001-9999);
- ``CREDIT_CARD``: Luhn-valid Visa, Mastercard, American Express and Discover numbers, grouped
  with spaces or dashes or not at all ("4539 1488 0343 6467", "3714-496353-98431");
- ``ADDRESS``: street addresses in US ("742 Maple Ave, Apt 4B, Springfield, IL 62704"), UK
  ("221 Baker Street, London NW1 6XE") and German ("Hauptstraße 12, 10115 Berlin") form.

Decoys, recorded in ``decoys`` with one of :data:`DECOY_TYPES`, look like personal data but are
not, and never overlap a gold span: ``VERSION`` ("v2.10.3", "1.24.0-rc.1"), ``DATE``
(document dates, "2024-03-15" or "03/15/2024"; no birth dates are generated), ``ORDER_NUMBER``
("ORD-2024-118374", "112-4839201-7718234", whose digits always fail the Luhn check),
``IP_LIKE`` (dotted quads with an octet above 255, so never a valid IPv4 address, e.g.
"256.31.7.300") and ``CARD_INVALID`` (card-shaped numbers that fail the Luhn check).

Ground truth, by construction: ``spans`` and ``decoys`` are sorted, do not overlap, and
``text[span.start:span.end]`` is exactly the value (offsets are Python string indices, i.e.
code points). Every e-mail address, every SSN-shaped string and every Luhn-valid card-shaped
digit run (13 to 19 digits) in a text is a gold span (a digit run inside a phone number is
part of that PHONE span). About one document in ten holds decoys only, no personal data. The
same ``seed`` always gives the same documents.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

PII_TYPES = ("PERSON", "EMAIL", "PHONE", "SSN", "CREDIT_CARD", "ADDRESS")
DECOY_TYPES = ("VERSION", "DATE", "ORDER_NUMBER", "IP_LIKE", "CARD_INVALID")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class PIIDocument:
    text: str
    spans: list[Span]
    decoys: list[Span] = field(default_factory=list)


FIRST = ["Maria", "James", "Aiko", "Oluwaseun", "Jürgen", "Siobhán", "Wei", "Priya", "Mateo",
         "Fatima", "Lars", "Chloé", "Dmitri", "Amara", "Kenji", "Sofía", "Noah", "Ingrid", "Rahul",
         "Zanele", "Emily", "Tomasz"]
LAST = ["García", "Smith", "Tanaka", "Adeyemi", "Müller", "O'Brien", "Li", "Raghunathan", "Rossi",
        "Haddad", "Johansson", "Dubois", "Volkov", "Okonkwo", "Nakamura", "Fernández", "Williams",
        "Berg", "Sharma", "Dlamini", "Kowalczyk", "Nguyen"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "acme-corp.example", "uni.example.edu",
           "post.example.de", "company.example.co.uk"]
US_STREETS = ["Maple", "Oak", "Cedar", "Washington", "Lakeview", "Sunset", "Highland", "Park", "Elm"]
US_SUFFIXES = ["St", "Ave", "Blvd", "Rd", "Lane", "Drive", "Court"]
US_CITIES = [("Springfield", "IL", "627"), ("Portland", "OR", "972"), ("Austin", "TX", "787"),
             ("Madison", "WI", "537"), ("Boulder", "CO", "803"), ("Albany", "NY", "122")]
UK_PLACES = [("Baker Street", "London", "NW1 6XE"), ("High Street", "Oxford", "OX1 4AH"),
             ("Deansgate", "Manchester", "M3 4LQ"), ("Princes Street", "Edinburgh", "EH2 2ER")]
DE_PLACES = [("Hauptstraße", "Berlin", "10115"), ("Schillerstraße", "München", "80336"),
             ("Bahnhofstraße", "Hamburg", "20095"), ("Goethestraße", "Frankfurt am Main", "60313")]
# Card brands: (prefixes, length, grouping)
CARDS = [
    (["4"], 16, (4, 4, 4, 4)), (["51", "52", "53", "54", "55"], 16, (4, 4, 4, 4)),
    (["34", "37"], 15, (4, 6, 5)), (["6011", "65"], 16, (4, 4, 4, 4)),
]
PRODUCTS = ["router", "standing desk", "espresso machine", "laptop stand", "headset", "monitor arm"]


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a digit string (the generator's own check; tests use their own)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []
        self.decoys: list[Span] = []

    def lit(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def pii(self, text: str, kind: str) -> None:
        self.spans.append(Span(self.length, self.length + len(text), kind))
        self.lit(text)

    def decoy(self, text: str, kind: str) -> None:
        self.decoys.append(Span(self.length, self.length + len(text), kind))
        self.lit(text)

    def fill(self, template: str, values: dict[str, Callable[[], tuple[str, str | None]]]) -> None:
        """Write ``template`` with each ``{slot}`` replaced by ``values[slot]()``, a (text, type)
        pair where type is a PII type, a decoy type, or None for plain text."""
        rest = template
        while "{" in rest:
            head, _, tail = rest.partition("{")
            slot, _, rest = tail.partition("}")
            self.lit(head)
            text, kind = values[slot]()
            if kind in PII_TYPES:
                self.pii(text, kind)
            elif kind in DECOY_TYPES:
                self.decoy(text, kind)
            else:
                self.lit(text)
        self.lit(rest)


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


@dataclass(frozen=True)
class _Person:
    first: str
    last: str
    email: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def _person(rng: random.Random) -> _Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    f, l_ = _ascii(first), _ascii(last)
    local = rng.choice([f"{f}.{l_}", f"{f}_{l_}{rng.randint(1, 99)}", f"{f[0]}{l_}", f"{f}+{rng.choice(['billing', 'work', 'news'])}"])
    return _Person(first, last, f"{local}@{rng.choice(DOMAINS)}")


def _digits(rng: random.Random, k: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(k))


def _phone(rng: random.Random) -> str:
    country = rng.randrange(10)
    d = lambda k: _digits(rng, k)  # noqa: E731
    nz = lambda: str(rng.randint(2, 9))  # noqa: E731  (area codes and subscriber numbers start 2-9)
    if country == 0:
        return f"+1 ({nz()}{d(2)}) {nz()}{d(2)}-{d(4)}"
    if country == 1:
        return f"({nz()}{d(2)}) {nz()}{d(2)}-{d(4)}"
    if country == 2:
        return rng.choice([f"+44 20 {nz()}{d(3)} {d(4)}", f"+44 7{d(3)} {d(6)}"])
    if country == 3:
        return rng.choice([f"+49 30 {nz()}{d(7)}", f"+49 (0)89 {nz()}{d(3)} {d(4)}"])
    if country == 4:
        return f"+33 {rng.randint(1, 7)} {d(2)} {d(2)} {d(2)} {d(2)}"
    if country == 5:
        return f"+91 9{d(4)} {d(5)}"
    if country == 6:
        return rng.choice([f"+81 3-{d(4)}-{d(4)}", f"+81 90-{d(4)}-{d(4)}"])
    if country == 7:
        return rng.choice([f"+61 2 {nz()}{d(3)} {d(4)}", f"+61 4{d(2)} {d(3)} {d(3)}"])
    if country == 8:
        return f"+55 11 9{d(4)}-{d(4)}"
    return f"+1 {nz()}{d(2)}-{nz()}{d(2)}-{d(4)}"


def _ssn(rng: random.Random) -> str:
    area = 666
    while area == 666:
        area = rng.randint(1, 899)
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def _card_digits(rng: random.Random, valid: bool) -> tuple[str, tuple[int, ...]]:
    prefixes, length, groups = rng.choice(CARDS)
    payload = rng.choice(prefixes)
    payload += _digits(rng, length - 1 - len(payload))
    check = next(c for c in "0123456789" if luhn_valid(payload + c))
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    return payload + check, groups


def _format_card(rng: random.Random, digits: str, groups: tuple[int, ...]) -> str:
    sep = rng.choice([" ", " ", "-", ""])
    out, i = [], 0
    for g in groups:
        out.append(digits[i : i + g])
        i += g
    return sep.join(out)


def _card(rng: random.Random, valid: bool = True) -> str:
    digits, groups = _card_digits(rng, valid)
    return _format_card(rng, digits, groups)


def _address(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        city, state, zip3 = rng.choice(US_CITIES)
        unit = rng.choice(["", "", f", Apt {rng.randint(1, 30)}{rng.choice('ABCD')}", f", Suite {rng.randint(100, 990)}"])
        return (f"{rng.randint(10, 9999)} {rng.choice(US_STREETS)} {rng.choice(US_SUFFIXES)}{unit}, "
                f"{city}, {state} {zip3}{rng.randint(0, 99):02d}")
    if kind == 1:
        street, city, postcode = rng.choice(UK_PLACES)
        return f"{rng.randint(1, 250)} {street}, {city} {postcode}"
    street, city, plz = rng.choice(DE_PLACES)
    return f"{street} {rng.randint(1, 140)}, {plz} {city}"


def _version(rng: random.Random) -> str:
    core = f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"
    return rng.choice([f"v{core}", f"v{core}", core, f"{core}-rc.{rng.randint(1, 4)}", f"v{core}-beta.{rng.randint(1, 9)}"])


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}"])


def _order(rng: random.Random) -> str:
    form = rng.randrange(3)
    if form == 0:
        return f"ORD-{rng.randint(2019, 2025)}-{rng.randint(100000, 999999)}"
    if form == 1:
        return f"#{rng.choice('ABCDEFGH')}{rng.randint(1, 9)}{rng.choice('XYZ')}-{rng.randint(10000, 99999)}"
    while True:  # Amazon-style 3-7-7: 17 digits, always Luhn-invalid so no detector should flag it
        digits = _digits(rng, 17)
        if not luhn_valid(digits):
            return f"{digits[:3]}-{digits[3:10]}-{digits[10:]}"


def _ip_like(rng: random.Random) -> str:
    octets = [rng.randint(0, 255) for _ in range(4)]
    octets[rng.randrange(4)] = rng.randint(256, 999)
    return ".".join(map(str, octets))


# Sentence templates. Slots: name/first/email (the writer), name2/email2 (another person), phone,
# ssn, card, address (PII); version, date, order, ip, badcard (decoys); exp, amount, product,
# minute (plain text).
BODY = [
    "My name is {name} and my email is {email}.",
    "You can reach me at {phone} or by email at {email}.",
    "Please call {name2} at {phone} before {date}.",
    "Please update the card on file to {card} (expires {exp}).",
    "For verification, my social security number is {ssn}.",
    "Please ship the replacement {product} to {address}.",
    "Employee {name}, SSN {ssn}, starts on {date}; emergency contact: {name2}, {phone}.",
    "CC: {name2} <{email2}>",
    "The card {card} was charged ${amount} for order {order}.",
    "Our new billing address is {address}; the old one can be deleted.",
    "My mobile number changed to {phone}.",
    "Refund the payment made with {card} to {name}.",
]
DECOY_BODY = [
    "We upgraded the client to {version} on {date}.",
    "Order {order} was placed on {date} for ${amount}.",
    "The firewall blocked requests from {ip} (malformed address).",
    "The test card {badcard} was rejected by the gateway as invalid.",
    "Release {version} fixes the crash reported in ticket {order}.",
    "Invoice dated {date} references order {order}.",
    "Build {version} was deployed at 14:{minute} UTC.",
]
GREETINGS = ["Hi {first},", "Dear {name},", "Hello {first},", "Hi team,", "To whom it may concern,"]
CLOSINGS = ["Thanks,\n{first}", "Best regards,\n{name}", "Kind regards,\n{name}", "Cheers", "Thank you."]


def _document(rng: random.Random) -> PIIDocument:
    b = _Builder()
    me = _person(rng)
    other = _person(rng)
    while other.full == me.full:
        other = _person(rng)
    decoys_only = rng.random() < 0.1
    style = rng.randrange(3)

    values: dict[str, Callable[[], tuple[str, str | None]]] = {
        "name": lambda: (me.full, "PERSON"), "first": lambda: (me.first, "PERSON"),
        "email": lambda: (me.email, "EMAIL"), "name2": lambda: (other.full, "PERSON"),
        "email2": lambda: (other.email, "EMAIL"), "phone": lambda: (_phone(rng), "PHONE"),
        "ssn": lambda: (_ssn(rng), "SSN"), "card": lambda: (_card(rng), "CREDIT_CARD"),
        "address": lambda: (_address(rng), "ADDRESS"), "version": lambda: (_version(rng), "VERSION"),
        "date": lambda: (_date(rng), "DATE"), "order": lambda: (_order(rng), "ORDER_NUMBER"),
        "ip": lambda: (_ip_like(rng), "IP_LIKE"),
        "badcard": lambda: (_card(rng, valid=False), "CARD_INVALID"),
        "exp": lambda: (f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}", None),
        "amount": lambda: (f"{rng.randint(5, 2400)}.{rng.randint(0, 99):02d}", None),
        "product": lambda: (rng.choice(PRODUCTS), None),
        "minute": lambda: (f"{rng.randint(0, 59):02d}", None),
    }

    n_body = rng.randint(2, 5)
    if decoys_only:
        sentences = rng.sample(DECOY_BODY, n_body)
    else:
        n_pii = rng.randint(1, n_body)
        sentences = rng.sample(BODY, n_pii) + rng.sample(DECOY_BODY, n_body - n_pii)
        rng.shuffle(sentences)
    if style == 2:  # an application log
        for template in sentences:
            b.fill("[{date}] " + template + "\n", values)
    else:
        greeting = "Hi team," if decoys_only else rng.choice(GREETINGS)
        b.fill(greeting + ("\n\n" if style == 0 else " "), values)
        for k, template in enumerate(sentences):
            b.fill(template + (" " if k < len(sentences) - 1 else ""), values)
        closing = "Thank you." if decoys_only else rng.choice(CLOSINGS)
        b.fill(("\n\n" if style == 0 else " ") + closing, values)
    return PIIDocument("".join(b.parts), b.spans, b.decoys)


def pii_documents(n: int, seed: int = 0) -> list[PIIDocument]:
    """``n`` documents with gold PII spans and decoys, the same list for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    return [_document(rng) for _ in range(n)]
