"""Company policy documents with gold question/answer/page triples, for the basic RAG labs.

Four kinds of policy (leave, travel and expenses, information security, remote work), each with
numbered sections and paragraphs ("3.2 Up to 5 unused days may be carried over ..."), concrete
facts (day counts, amounts, time limits) and generic policy prose around them, 2 to 5 pages
each when rendered. Documents ``0..3`` belong to one invented company, ``4..7`` to another, and
so on, so ``n`` documents cycle through the kinds.

Ground truth: each fact yields a :class:`GoldQA` (question, the answer as it is written in the
text, its section number); :func:`write_policy_pdfs` renders the PDFs with fpdf2
(``llmlab[pdf]``) and fills in the page each answer is printed on. A paragraph holding a fact is
never split across pages, and answers are distinct within a document. The same ``seed`` gives
the same documents, and the same PDF bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

COMPANIES = ["Northwind Analytics", "Bluefin Logistics", "Harbor & Vale Insurance", "Quillfeather Software",
             "Tallpine Foods", "Meridian Health Partners", "Copperleaf Energy", "Stonebridge Consulting"]
PORTALS = ["PeopleHub", "MyHR", "Workspace", "StaffPoint", "Compass"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ORDINALS = ["second", "third", "fourth", "fifth"]

# A fact: (sentence, [(question, answer)], {slot: choices}); slots fill all three templates.
Fact = tuple[str, list[tuple[str, str]], dict[str, list]]


def _r(a: int, b: int, step: int = 1) -> list[int]:
    return list(range(a, b + 1, step))


POLICIES: dict[str, tuple[str, list[tuple[str, list[Fact]]]]] = {
    "leave": ("Leave Policy", [
        ("Annual leave", [
            ("Full-time employees receive {d} days of paid annual leave per calendar year, in addition to public holidays.",
             [("How many days of paid annual leave do full-time employees receive per calendar year?", "{d} days")],
             {"d": _r(20, 30)}),
            ("Up to {c} unused days of annual leave may be carried over into the following year and must be taken by {m} 31.",
             [("How many unused annual leave days may be carried over into the following year?", "{c} unused days"),
              ("By what date must carried-over annual leave be taken?", "{m} 31")],
             {"c": _r(3, 10), "m": ["March", "May", "July", "August"]}),
            ("Requests for more than {k} consecutive working days of leave must be submitted at least {w} weeks in advance.",
             [("How far in advance must a request for a long block of leave be submitted?", "{w} weeks")],
             {"k": _r(5, 10), "w": _r(2, 6)}),
        ]),
        ("Sick leave", [
            ("Employees may take up to {d} days of self-certified sick leave per year without a medical certificate.",
             [("How many days of self-certified sick leave may an employee take per year without a medical certificate?",
               "{d} days")],
             {"d": _r(3, 8)}),
            ("A medical certificate is required from the {o} day of a continuous absence.",
             [("From which day of a continuous absence is a medical certificate required?", "{o} day")],
             {"o": ORDINALS}),
            ("Sick pay is paid at {p}% of base salary for up to {w} weeks in any rolling twelve-month period.",
             [("At what percentage of base salary is sick pay paid?", "{p}%"),
              ("For how many weeks is sick pay paid in a rolling twelve-month period?", "{w} weeks")],
             {"p": [75, 80, 85, 90, 100], "w": _r(8, 26)}),
        ]),
        ("Parental leave", [
            ("Birth parents are entitled to {w} weeks of parental leave at full pay.",
             [("How many weeks of fully paid parental leave are birth parents entitled to?", "{w} weeks")],
             {"w": _r(14, 26)}),
            ("Partners are entitled to {p} weeks of paid partner leave, to be taken within {m} months of the birth or adoption.",
             [("Within how many months of a birth or adoption must partner leave be taken?", "{m} months")],
             {"p": _r(2, 6), "m": _r(6, 18, 6)}),
        ]),
        ("Other paid leave", [
            ("Employees receive {d} days of paid bereavement leave on the death of a close family member.",
             [("How many days of paid bereavement leave do employees receive for a close family member?", "{d} days")],
             {"d": _r(3, 10)}),
            ("Each employee may take {v} paid volunteering days per year for registered charities.",
             [("How many paid volunteering days may each employee take per year?", "{v} paid volunteering days")],
             {"v": _r(1, 4)}),
            ("Jury service is paid in full for up to {d} working days.",
             [("For how many working days is jury service paid in full?", "{d} working days")],
             {"d": _r(5, 20)}),
        ]),
        ("Requesting and approving leave", [
            ("All leave is requested in the {s} portal.",
             [("In which system is leave requested?", "{s} portal")], {"s": PORTALS}),
            ("Managers must approve or decline a leave request within {d} working days of receiving it.",
             [("Within how many working days must a manager respond to a leave request?", "{d} working days")],
             {"d": _r(2, 7)}),
        ]),
        ("Public holidays", [
            ("Employees who are required to work on a public holiday are paid {x} times their normal hourly rate.",
             [("What pay rate applies to work on a public holiday?", "{x} times their normal hourly rate")],
             {"x": ["1.5", "2", "2.5"]}),
        ]),
    ]),
    "expenses": ("Travel and Expenses Policy", [
        ("Booking travel", [
            ("Economy class must be booked for all flights shorter than {h} hours.",
             [("Below what flight duration must economy class be booked?", "{h} hours")], {"h": _r(4, 9)}),
            ("Hotel costs are reimbursed up to ${a} per night in major cities and ${b} per night elsewhere.",
             [("What is the nightly hotel limit in major cities?", "${a} per night"),
              ("What is the nightly hotel limit outside major cities?", "${b} per night")],
             {"a": _r(180, 320, 10), "b": _r(100, 170, 5)}),
            ("Travel must be booked at least {d} days before departure unless the trip is urgent.",
             [("How many days before departure must travel normally be booked?", "{d} days before departure")],
             {"d": _r(7, 21)}),
        ]),
        ("Meals and entertainment", [
            ("The daily meal allowance is ${a} for domestic trips and ${b} for international trips.",
             [("What is the daily meal allowance for domestic trips?", "${a}"),
              ("What is the daily meal allowance for international trips?", "${b}")],
             {"a": _r(40, 70, 5), "b": _r(75, 120, 5)}),
            ("Client entertainment costing more than ${a} per person requires prior approval from a director.",
             [("Above what cost per person does client entertainment need a director's prior approval?", "${a} per person")],
             {"a": _r(60, 150, 10)}),
        ]),
        ("Mileage", [
            ("Business use of a private car is reimbursed at ${r} per mile.",
             [("At what rate is business use of a private car reimbursed?", "${r} per mile")],
             {"r": ["0.45", "0.52", "0.58", "0.62", "0.67"]}),
        ]),
        ("Receipts and claims", [
            ("An itemised receipt is required for every expense above ${a}.",
             [("Above what amount is an itemised receipt required?", "${a}")], {"a": _r(10, 40, 5)}),
            ("Expense claims must be submitted within {d} days of the expense being incurred.",
             [("Within how many days must an expense claim be submitted?", "{d} days of the expense")],
             {"d": _r(30, 90, 15)}),
            ("Approved claims received by the {x}th of the month are paid with that month's payroll.",
             [("By which day of the month must an approved claim be received to be paid in that month's payroll?",
               "{x}th of the month")],
             {"x": _r(10, 20)}),
        ]),
        ("Approval limits", [
            ("Line managers may approve claims of up to ${a}; larger claims also require approval from the finance director.",
             [("Up to what amount may a line manager approve a claim alone?", "${a}")],
             {"a": ["500", "750", "1,000", "1,500", "2,000"]}),
        ]),
        ("Corporate cards", [
            ("Corporate cards have a standard monthly limit of ${a}.",
             [("What is the standard monthly limit of a corporate card?", "${a}")],
             {"a": ["2,500", "3,000", "4,000", "5,000", "7,500"]}),
            ("Card statements must be reconciled within {d} working days of the end of each month.",
             [("Within how many working days of month end must card statements be reconciled?", "{d} working days")],
             {"d": _r(3, 10)}),
        ]),
    ]),
    "security": ("Information Security Policy", [
        ("Passwords and authentication", [
            ("Passwords must be at least {n} characters long and must not be reused across systems.",
             [("What is the minimum password length?", "{n} characters")], {"n": _r(12, 16)}),
            ("An account is locked after {n} failed login attempts and unlocked by the service desk.",
             [("After how many failed login attempts is an account locked?", "{n} failed login attempts")],
             {"n": _r(3, 10)}),
        ]),
        ("Devices", [
            ("Laptops and desktops must lock automatically after {m} minutes of inactivity.",
             [("After how many minutes of inactivity must a computer lock automatically?", "{m} minutes")],
             {"m": _r(2, 15)}),
            ("Lost or stolen devices must be reported to the IT service desk within {h} hours.",
             [("Within how many hours must a lost or stolen device be reported?", "{h} hours")],
             {"h": [1, 2, 4, 8, 12, 24]}),
        ]),
        ("Data classification and retention", [
            ("Confidential documents must be retained for {y} years and then destroyed securely.",
             [("For how many years must confidential documents be retained?", "{y} years")], {"y": _r(3, 10)}),
            ("Restricted data may only be shared externally through the {t} secure transfer service.",
             [("Which service must be used to share restricted data externally?", "{t} secure transfer service")],
             {"t": ["VaultDrop", "SafeSend", "CipherShare", "LockBox"]}),
        ]),
        ("Incident reporting", [
            ("Suspected security incidents must be reported within {h} minutes of discovery by calling extension {e}.",
             [("Within how many minutes must a suspected security incident be reported?", "{h} minutes of discovery"),
              ("Which phone extension is used to report a security incident?", "extension {e}")],
             {"h": [15, 30, 45, 60], "e": _r(2000, 7999, 37)}),
        ]),
        ("Access management", [
            ("User access rights are reviewed every {m} months by system owners.",
             [("How often are user access rights reviewed?", "every {m} months")], {"m": [3, 4, 6, 12]}),
            ("Accounts of leavers are disabled within {h} hours of their last working day.",
             [("Within how many hours of a leaver's last working day is their account disabled?", "{h} hours of their last")],
             {"h": [4, 8, 12, 24, 48]}),
        ]),
        ("Training", [
            ("New starters must complete security awareness training within {d} days of joining.",
             [("Within how many days of joining must new starters complete security training?", "{d} days of joining")],
             {"d": _r(7, 30)}),
            ("Simulated phishing exercises are run {n} times a year.",
             [("How many simulated phishing exercises are run each year?", "{n} times a year")], {"n": _r(2, 12)}),
        ]),
        ("Backups", [
            ("Backups of production systems are kept for {d} days, and a restore is tested every {w} weeks.",
             [("For how many days are production backups kept?", "{d} days"),
              ("How often is a backup restore tested?", "every {w} weeks")],
             {"d": _r(30, 120, 15), "w": _r(2, 12)}),
        ]),
    ]),
    "remote": ("Remote Work Policy", [
        ("Eligibility", [
            ("Employees become eligible for remote work after completing a probation period of {m} months.",
             [("After how many months of probation does an employee become eligible for remote work?", "{m} months")],
             {"m": [1, 2, 3, 4, 6]}),
            ("Eligible employees may work remotely for up to {d} days per week.",
             [("How many days per week may eligible employees work remotely?", "{d} days per week")],
             {"d": [2, 3, 4]}),
        ]),
        ("Working hours", [
            ("Core hours are {a}:00 to {b}:00 in the employee's local time zone.",
             [("What are the core hours for remote workers?", "{a}:00 to {b}:00")],
             {"a": [9, 10], "b": [15, 16]}),
            ("During core hours, messages should be answered within {h} hours.",
             [("Within how many hours should messages be answered during core hours?", "{h} hours")],
             {"h": [1, 2, 3, 4]}),
        ]),
        ("Equipment and allowances", [
            ("The company pays a one-off home office allowance of ${a} for a desk, chair and screen.",
             [("How large is the one-off home office allowance?", "${a}")], {"a": _r(300, 900, 50)}),
            ("A monthly internet allowance of ${a} is paid with salary.",
             [("How much is the monthly internet allowance?", "${a}")], {"a": _r(20, 60, 5)}),
        ]),
        ("Working from abroad", [
            ("Employees may work from another country for up to {d} days in any twelve-month period, with HR approval.",
             [("For how many days in a twelve-month period may an employee work from another country?", "{d} days in any")],
             {"d": _r(10, 60, 5)}),
            ("Requests to work abroad must be made at least {w} weeks before travel.",
             [("How far in advance must a request to work abroad be made?", "{w} weeks before travel")],
             {"w": _r(2, 8)}),
        ]),
        ("Health and safety", [
            ("A home workstation self-assessment must be completed within {d} days of starting remote work.",
             [("Within how many days of starting remote work must the workstation self-assessment be completed?",
               "{d} days of starting")],
             {"d": _r(7, 30)}),
        ]),
        ("Team time", [
            ("Teams meet in person at least {n} times per quarter.",
             [("How many times per quarter must teams meet in person?", "{n} times per quarter")],
             {"n": [1, 2, 3, 4, 6]}),
        ]),
    ]),
}
KINDS = list(POLICIES)

GENERIC = [
    "This policy applies to all employees, contractors and temporary staff of {company}.",
    "Managers are responsible for making sure their teams understand and follow this policy.",
    "Questions about this policy should be sent to the People team.",
    "Where local law grants more generous terms, local law takes precedence over this policy.",
    "Any exception to this policy must be approved in writing before it is relied upon.",
    "A breach of this policy may lead to disciplinary action.",
    "The policy owner reviews this document once a year and publishes changes on the intranet.",
    "Employees are expected to use good judgement where this policy does not give a clear answer.",
    "Records created under this policy are handled in line with the data protection notice.",
    "Nothing in this policy forms part of an employee's contract of employment.",
    "The company may vary this policy after consulting employee representatives.",
    "Team leaders should raise recurring problems with the policy owner so the policy can improve.",
    "Where this policy refers to a manager, it means the employee's line manager or their delegate.",
    "Guidance notes and templates that support this policy are available on the intranet.",
    "Temporary arrangements agreed under this policy should be recorded and reviewed regularly.",
    "Employees who are unsure how this policy applies to them should ask before acting.",
]
SPECIFIC = {
    "leave": ["Leave is recorded in days, and half days may be taken where the business allows.",
              "Managers should make sure that leave is spread fairly across the year.",
              "Leave may be refused at busy periods, but never without a reason given in writing.",
              "Part-time employees receive a pro-rata entitlement."],
    "expenses": ["Only expenses incurred wholly for business purposes are reimbursed.",
                 "Alcohol, fines and personal entertainment are never reimbursable.",
                 "The most economical option that meets the business need should always be chosen.",
                 "Foreign currency expenses are converted at the rate on the date of the transaction."],
    "security": ["Multi-factor authentication is required for all remote access.",
                 "Software may only be installed from the approved catalogue.",
                 "Full-disk encryption must be enabled on every company device.",
                 "Visitors must be accompanied at all times in secure areas."],
    "remote": ["Remote work is a flexible arrangement and not a contractual right.",
               "Remote workers are expected to be reachable and productive during working hours.",
               "Company information must not be viewed in public places where others can read it.",
               "The company's equipment remains company property and must be returned on request."],
}
OPENING = [("Purpose and scope", 2), ("Definitions", 1)]
CLOSING = [("Compliance", 1), ("Review", 1)]


@dataclass(frozen=True)
class GoldQA:
    doc_id: str
    question: str
    answer: str  # written exactly so in the document
    section: str  # paragraph number, e.g. "3.2"
    page: int | None = None  # 1-based page of the rendered PDF; None before rendering
    file: str | None = None  # the PDF's file name, once written


@dataclass(frozen=True)
class Paragraph:
    number: str
    text: str
    facts: tuple[GoldQA, ...] = ()


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class PolicyDocument:
    id: str  # e.g. "northwind-analytics-leave"
    company: str
    kind: str  # "leave" | "expenses" | "security" | "remote"
    title: str
    effective: str
    sections: tuple[Section, ...]

    @property
    def qa(self) -> list[GoldQA]:
        return [qa for s in self.sections for p in s.paragraphs for qa in p.facts]

    @property
    def text(self) -> str:
        """The document as Markdown (the same words as the PDF)."""
        out = [f"# {self.company}: {self.title}", f"Effective {self.effective}."]
        for s in self.sections:
            out.append(f"## {s.number}. {s.title}")
            out += [f"{p.number} {p.text}" for p in s.paragraphs]
        return "\n\n".join(out) + "\n"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).replace("--", "-").strip("-")


def _filler(rng: random.Random, kind: str, company: str, k: int) -> list[str]:
    pool = GENERIC + SPECIFIC[kind]
    return [s.format(company=company) for s in rng.sample(pool, k)]


def _document(rng: random.Random, company: str, kind: str) -> PolicyDocument:
    title, body = POLICIES[kind]
    doc_id = f"{_slug(company)}-{kind}"
    target_chars = rng.randint(2, 5) * 3000 - 2000  # about 2 to 5 rendered pages
    used: set[str] = set()
    raw: list[tuple[str, list[list[str]], list[list[tuple[str, str]]]]] = []
    chars = 0
    for name, n in OPENING:
        paras = [_filler(rng, kind, company, rng.randint(2, 4)) for _ in range(n)]
        raw.append((name, paras, [[] for _ in paras]))
    for name, facts in body:
        paras, qas = [], []
        for sentence, questions, slots in facts:
            for _ in range(100):  # answers must be distinct within a document
                values = {k: rng.choice(v) for k, v in slots.items()}
                pairs = [(q.format(**values), a.format(**values)) for q, a in questions]
                if not any(a in used for _, a in pairs):
                    break
            used.update(a for _, a in pairs)
            text = [sentence.format(**values)]
            if rng.random() < 0.7:
                text += _filler(rng, kind, company, rng.randint(1, 2))
            paras.append(text)
            qas.append(pairs)
        raw.append((name, paras, qas))
    for name, n in CLOSING:
        paras = [_filler(rng, kind, company, rng.randint(2, 3)) for _ in range(n)]
        raw.append((name, paras, [[] for _ in paras]))
    chars = sum(len(" ".join(p)) + 12 for _, paras, _ in raw for p in paras)
    while chars < target_chars:  # pad with policy prose until the document is long enough
        name, paras, qas = raw[rng.randrange(len(raw))]
        extra = _filler(rng, kind, company, rng.randint(3, 5))
        paras.append(extra)
        qas.append([])
        chars += len(" ".join(extra)) + 12
    sections = []
    for i, (name, paras, qas) in enumerate(raw, 1):
        paragraphs = tuple(
            Paragraph(f"{i}.{j}", " ".join(text),
                      tuple(GoldQA(doc_id, q, a, f"{i}.{j}") for q, a in pairs))
            for j, (text, pairs) in enumerate(zip(paras, qas, strict=True), 1)
        )
        sections.append(Section(i, name, paragraphs))
    effective = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2023, 2025)}"
    return PolicyDocument(doc_id, company, kind, title, effective, tuple(sections))


def policy_documents(n: int = 4, seed: int = 0) -> list[PolicyDocument]:
    """``n`` documents cycling through leave, expenses, security and remote work; each group of
    four belongs to one company. The same list for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    companies = rng.sample(COMPANIES, len(COMPANIES))
    return [_document(rng, companies[(i // len(KINDS)) % len(companies)], KINDS[i % len(KINDS)])
            for i in range(n)]


def _wrap(pdf, text: str, width: float) -> list[str]:
    """Greedy word wrap with the current font's metrics (fpdf2's own is slow on long text)."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and pdf.get_string_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def render_policy_pdf(doc: PolicyDocument, path: str | Path) -> list[GoldQA]:
    """Write ``doc`` as an A4 PDF at ``path``; returns its gold Q&A with pages filled in."""
    from datetime import UTC, datetime

    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class _PDF(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 8, f"{doc.company} - {doc.title} - page {self.page_no()}", align="C")

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = _PDF(format="A4")
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))
    pdf.set_title(f"{doc.company}: {doc.title}")
    pdf.set_author(doc.company)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, doc.company, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, doc.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, f"Effective {doc.effective}.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    line = 5.5
    width = pdf.epw
    gold = []
    for section in doc.sections:
        pdf.set_font("Helvetica", "", 11)
        first = _wrap(pdf, f"{section.paragraphs[0].number} {section.paragraphs[0].text}", width)
        if pdf.get_y() + 12 + len(first) * line > pdf.page_break_trigger:
            pdf.add_page()  # keep a heading with its first paragraph
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 8, f"{section.number}. {section.title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 11)
        for paragraph in section.paragraphs:
            lines = _wrap(pdf, f"{paragraph.number} {paragraph.text}", width)
            if pdf.get_y() + len(lines) * line > pdf.page_break_trigger:
                pdf.add_page()  # never split a paragraph across pages
            page = pdf.page_no()
            for text in lines:
                pdf.cell(0, line, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
            gold += [replace(qa, page=page, file=path.name) for qa in paragraph.facts]
    pdf.output(str(path))
    return gold


def write_policy_pdfs(folder: str | Path, n: int = 4, seed: int = 0) -> list[GoldQA]:
    """Render ``policy_documents(n, seed)`` as ``folder/<doc id>.pdf``; returns every gold Q&A
    with its ``file`` and ``page``."""
    gold = []
    for doc in policy_documents(n, seed):
        gold += render_policy_pdf(doc, Path(folder) / f"{doc.id}.pdf")
    return gold
