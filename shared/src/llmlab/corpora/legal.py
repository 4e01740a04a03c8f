"""US-style legal documents from a small grammar, for the tokenizer (BPE) labs.

Two kinds of document, drawn with equal probability:

- **contracts**: a title, a preamble with defined terms in quotes (the "Agreement", the
  "Effective Date", the "Parties"), an ARTICLE of definitions, an ARTICLE of operative terms and
  an ARTICLE of boilerplate: numbered sections ("7.3 Severability.") with lettered and roman
  subsections ("(a)", "(ii)"), clauses for indemnification, severability, governing law, force
  majeure, confidentiality, limitation of liability, termination, notices, assignment, entire
  agreement, arbitration and releases, each worded from tables of variants;
- **opinions**: a court heading, a case caption ("Smith v. Jones Holdings, LLC", "In re Acme
  Corp.", "United States v. Garcia"), a docket number and the sections BACKGROUND, LEGAL
  STANDARD, DISCUSSION and CONCLUSION, citing statutes ("42 U.S.C. § 1983", "Cal. Civ. Code §
  1542", "Fed. R. Civ. P. 12(b)(6)") and cases ("123 F.3d 456, 459 (9th Cir. 1999)",
  "Id. at 459.").

There is no label to learn; the ground truth is the strings that recur, which is what a BPE
tokenizer should learn to merge. Guaranteed by construction, for every document:

- "§" and "U.S.C." occur at least once (contracts always carry a Compliance with Laws section
  citing a U.S.C. statute; opinions always cite one in BACKGROUND), and "§" at least twice in
  every opinion;
- a contract contains the defined terms '"Agreement"', '"Effective Date"' and '"Parties"', the
  headings "ARTICLE I" to "ARTICLE III", at least eight numbered sections and the word "shall";
- an opinion contains " v. " (in its caption or its citations), at least four case citations
  ending in a parenthesised year such as "(9th Cir. 1999)" or "(2007)", and "IT IS SO ORDERED.".

Contracts are about 5,000 characters and opinions about 2,000, so 1,000 documents are about
3.5 MB and build in well under a second. The same ``seed`` always gives the same documents, and ``legal_documents(k, seed)`` is a
prefix of ``legal_documents(n, seed)`` for ``k <= n``.
"""

from __future__ import annotations

import random

SURNAMES = [
    "Smith", "Johnson", "Garcia", "Nguyen", "Patel", "O'Connor", "Kowalski", "Okafor", "Rossi",
    "Chen", "Goldberg", "Martinez", "Fitzgerald", "Yamamoto", "Hernandez", "Anderson", "Dubois",
    "Larsen", "Whitfield", "Abernathy", "Castillo", "Brennan", "Lindqvist", "Haddad",
]
FIRST_NAMES = ["John", "Maria", "Robert", "Aisha", "David", "Elena", "Michael", "Priya", "James", "Sofia"]
COMPANY_STEMS = [
    "Jones Holdings", "Acme", "Pinnacle Freight", "Blue Harbor", "Northwind Traders",
    "Redwood Capital", "Summit Health", "Meridian Software", "Atlas Mining", "Cobalt Energy",
    "Evergreen Realty", "Silverline Logistics", "Granite State Insurance", "Lakeshore Medical",
    "Crescent Foods", "Ironbridge Partners", "Brightwater Pharmaceuticals", "Keystone Bancorp",
]
# (suffix, joined with a comma?, entity description used in the preamble)
SUFFIXES = [
    ("LLC", True, "limited liability company"), ("Inc.", True, "corporation"),
    ("Corp.", False, "corporation"), ("L.P.", True, "limited partnership"),
    ("Co.", False, "corporation"), ("LLP", True, "limited liability partnership"),
]
STATES = ["Delaware", "New York", "California", "Texas", "Illinois", "Florida", "Massachusetts"]
CITIES = ["Oakland", "Chicago", "Austin", "Boston", "Miami", "Seattle", "Denver", "Newark"]
AGENCIES = ["Department of Corrections", "Department of Revenue", "Board of Education", "Police Department"]

# (title, section) of federal statutes, each with the act it belongs to.
FEDERAL = [
    ("42", "1983", "the Civil Rights Act of 1871"), ("42", "2000e-2(a)", "Title VII of the Civil Rights Act of 1964"),
    ("15", "78j(b)", "the Securities Exchange Act of 1934"), ("15", "1", "the Sherman Act"),
    ("28", "1331", "the federal-question statute"), ("28", "1332(a)", "the diversity statute"),
    ("17", "107", "the Copyright Act"), ("35", "101", "the Patent Act"),
    ("29", "201", "the Fair Labor Standards Act"), ("18", "1030(a)(2)", "the Computer Fraud and Abuse Act"),
    ("11", "362(a)", "the Bankruptcy Code"), ("47", "230(c)(1)", "the Communications Decency Act"),
    ("15", "1681", "the Fair Credit Reporting Act"), ("42", "12112(a)", "the Americans with Disabilities Act"),
]
COMPLIANCE_ACTS = [
    ("the Foreign Corrupt Practices Act of 1977", "15 U.S.C. §§ 78dd-1 et seq."),
    ("the Export Administration Act", "50 U.S.C. §§ 4801 et seq."),
    ("the Health Insurance Portability and Accountability Act of 1996", "42 U.S.C. § 1320d et seq."),
    ("the Fair Labor Standards Act", "29 U.S.C. §§ 201–219"),
    ("the Sarbanes-Oxley Act of 2002", "15 U.S.C. § 7201 et seq."),
    ("the Gramm-Leach-Bliley Act", "15 U.S.C. §§ 6801–6809"),
    ("the CAN-SPAM Act", "15 U.S.C. § 7701 et seq."),
]
STATE_CODES = [
    "Cal. Civ. Code § 1542", "Cal. Bus. & Prof. Code § 17200", "Cal. Lab. Code § 2802",
    "N.Y. Gen. Oblig. Law § 5-1401", "Del. Code Ann. tit. 8, § 102(b)(7)", "Tex. Bus. & Com. Code § 17.46",
    "Fla. Stat. § 768.28", "Mass. Gen. Laws ch. 93A, § 2", "815 ILCS 505/2",
]
GOVERNING = {
    "Delaware": "Del. Code Ann. tit. 6, § 2708", "New York": "N.Y. Gen. Oblig. Law § 5-1401",
    "California": "Cal. Civ. Code § 1646", "Texas": "Tex. Bus. & Com. Code § 271.005",
    "Illinois": "735 ILCS 105/5-5", "Florida": "Fla. Stat. § 685.101",
    "Massachusetts": "Mass. Gen. Laws ch. 106, § 1-301",
}
RULES = [
    ("Fed. R. Civ. P. 12(b)(6)", "MOTION TO DISMISS FOR FAILURE TO STATE A CLAIM"),
    ("Fed. R. Civ. P. 56(a)", "MOTION FOR SUMMARY JUDGMENT"),
    ("Fed. R. Civ. P. 12(b)(1)", "MOTION TO DISMISS FOR LACK OF JURISDICTION"),
    ("Fed. R. Civ. P. 23(b)(3)", "MOTION TO STRIKE CLASS ALLEGATIONS"),
]
REGULATIONS = ["17 C.F.R. § 240.10b-5", "29 C.F.R. § 1630.2(g)", "16 C.F.R. § 312.5", "12 C.F.R. § 1026.18"]
# Real, frequently cited Supreme Court cases: (caption, volume, page, year, pincite).
LANDMARKS = {
    "Fed. R. Civ. P. 12(b)(6)": [
        ("Bell Atlantic Corp. v. Twombly", 550, 544, 2007, 570), ("Ashcroft v. Iqbal", 556, 662, 2009, 678),
    ],
    "Fed. R. Civ. P. 56(a)": [
        ("Celotex Corp. v. Catrett", 477, 317, 1986, 322), ("Anderson v. Liberty Lobby, Inc.", 477, 242, 1986, 248),
    ],
    "Fed. R. Civ. P. 12(b)(1)": [
        ("Lujan v. Defenders of Wildlife", 504, 555, 1992, 560), ("Steel Co. v. Citizens for a Better Environment", 523, 83, 1998, 94),
    ],
    "Fed. R. Civ. P. 23(b)(3)": [
        ("Wal-Mart Stores, Inc. v. Dukes", 564, 338, 2011, 350), ("Amchem Products, Inc. v. Windsor", 521, 591, 1997, 623),
    ],
}
CIRCUITS = ["1st", "2d", "3d", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "D.C.", "Fed."]
DISTRICTS = [
    ("S.D.N.Y.", "SOUTHERN DISTRICT OF NEW YORK"), ("N.D. Cal.", "NORTHERN DISTRICT OF CALIFORNIA"),
    ("D. Del.", "DISTRICT OF DELAWARE"), ("E.D. Tex.", "EASTERN DISTRICT OF TEXAS"),
    ("N.D. Ill.", "NORTHERN DISTRICT OF ILLINOIS"), ("D. Mass.", "DISTRICT OF MASSACHUSETTS"),
    ("C.D. Cal.", "CENTRAL DISTRICT OF CALIFORNIA"), ("S.D. Fla.", "SOUTHERN DISTRICT OF FLORIDA"),
]
# (reporter, first year, last year, court kind)
REPORTERS = [
    ("F.2d", 1960, 1993, "circuit"), ("F.3d", 1994, 2021, "circuit"), ("F.4th", 2021, 2024, "circuit"),
    ("F. Supp. 2d", 1998, 2014, "district"), ("F. Supp. 3d", 2014, 2024, "district"),
    ("U.S.", 1950, 2022, "supreme"), ("S. Ct.", 1985, 2023, "supreme"),
    ("A.3d", 2010, 2023, "Del."), ("N.E.3d", 2014, 2023, "N.Y."), ("P.3d", 2000, 2023, "Cal."),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ISSUES = ["Standing", "Statute of Limitations", "Causation", "Damages", "Preemption", "Scienter", "Exhaustion"]
ALLEGATIONS = [
    "terminated Plaintiff in retaliation for a protected complaint",
    "accessed Plaintiff's computer systems without authorization",
    "made materially false statements to investors", "refused to pay overtime wages",
    "breached the parties' agreement dated",
]
SIGNALS = ["", "", "See ", "See also ", "Cf. ", "Accord ", "But see "]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

SHALL = ["shall", "shall", "will"]
ARISING = ["arising out of or relating to", "arising from or in connection with", "resulting from or related to"]
FEES = ["reasonable attorneys' fees", "reasonable outside counsel fees", "reasonable attorneys' fees and costs"]
NOTWITHSTANDING = ["Notwithstanding the foregoing", "Notwithstanding anything to the contrary herein",
                   "Notwithstanding any other provision of this Agreement"]
DEFINITIONS = [
    ("Affiliate", "any entity that directly or indirectly controls, is controlled by, or is under common control with a Party"),
    ("Confidential Information", "all non-public information disclosed by a Party, whether orally or in writing, that is designated as confidential or that reasonably should be understood to be confidential"),
    ("Deliverables", "all work product, documentation and materials provided under a Statement of Work"),
    ("Intellectual Property Rights", "all patents, copyrights, trademarks, trade secrets and other proprietary rights, whether registered or unregistered"),
    ("Losses", "all losses, damages, liabilities, deficiencies, judgments, interest, awards, penalties, fines, costs and expenses"),
    ("Business Day", "any day other than a Saturday, Sunday or a day on which banks in New York, New York are authorized to close"),
    ("Change of Control", "any transaction resulting in a person acquiring more than fifty percent (50%) of the voting securities of a Party"),
    ("Territory", "the United States of America, its territories and possessions"),
    ("Personal Data", "any information relating to an identified or identifiable natural person"),
    ("Term", "the period described in Section 8.1"),
]
CONTRACTS = [
    ("MASTER SERVICES AGREEMENT", "Provider", "Customer", "SERVICES",
     "provide the services described in each Statement of Work (the \"Services\")"),
    ("SOFTWARE LICENSE AGREEMENT", "Licensor", "Licensee", "LICENSE GRANT",
     "grant a non-exclusive, non-transferable license to use the Software (the \"License\")"),
    ("ASSET PURCHASE AGREEMENT", "Seller", "Buyer", "PURCHASE AND SALE",
     "sell, convey and assign the Purchased Assets (the \"Transaction\")"),
    ("MUTUAL NON-DISCLOSURE AGREEMENT", "Disclosing Party", "Receiving Party", "OBLIGATIONS",
     "protect the Confidential Information of the other Party (the \"Purpose\")"),
    ("COMMERCIAL LEASE AGREEMENT", "Landlord", "Tenant", "LEASE OF PREMISES",
     "lease the premises described in Exhibit A (the \"Premises\")"),
    ("SUPPLY AGREEMENT", "Supplier", "Purchaser", "SUPPLY OF PRODUCTS",
     "manufacture and deliver the products listed in Schedule 1 (the \"Products\")"),
]
FORCE_EVENTS = [
    "acts of God", "flood", "fire", "earthquake", "epidemic or pandemic", "war", "terrorism",
    "civil unrest", "labor strikes", "embargoes", "failure of public utilities", "cyberattacks",
]


def _company(rng: random.Random) -> tuple[str, str]:
    """A company name and its entity description, e.g. ("Jones Holdings, LLC", "limited liability company")."""
    stem = rng.choice(COMPANY_STEMS)
    suffix, comma, kind = rng.choice(SUFFIXES)
    return (f"{stem}, {suffix}" if comma else f"{stem} {suffix}"), kind


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _party(rng: random.Random) -> str:
    return rng.choice([rng.choice(SURNAMES), _person(rng), _company(rng)[0], _company(rng)[0]])


def _caption(rng: random.Random) -> str:
    form = rng.randrange(8)
    if form == 0:
        return f"In re {_company(rng)[0]}"
    if form == 1:
        return f"United States v. {rng.choice(SURNAMES)}"
    if form == 2:
        return f"People v. {rng.choice(SURNAMES)}"
    if form == 3:
        return f"{rng.choice(SURNAMES)} v. City of {rng.choice(CITIES)}"
    if form == 4:
        return f"{rng.choice(SURNAMES)} v. {rng.choice(STATES)} {rng.choice(AGENCIES)}"
    plaintiff, defendant = _party(rng), _party(rng)
    while defendant == plaintiff:
        defendant = _party(rng)
    return f"{plaintiff} v. {defendant}" + (", et al." if form == 7 else "")


def _federal(rng: random.Random) -> tuple[str, str]:
    title, section, act = rng.choice(FEDERAL)
    return f"{title} U.S.C. § {section}", act


def _reporter_cite(rng: random.Random) -> tuple[str, int]:
    """A reporter citation with a pincite, e.g. "123 F.3d 456, 459 (9th Cir. 1999)", and the pincite."""
    reporter, first, last, court = rng.choice(REPORTERS)
    year = rng.randint(first, last)
    volume, page = rng.randint(1, 999), rng.randint(1, 1450)
    if reporter == "U.S.":
        volume = 339 + (year - 1950) * 3 + rng.randint(0, 2)
    pin = page + rng.randint(1, 30)
    if court == "circuit":
        paren = f"({rng.choice(CIRCUITS)} Cir. {year})"
    elif court == "district":
        paren = f"({rng.choice(DISTRICTS)[0]} {year})"
    elif court == "supreme":
        paren = f"({year})"
    else:
        paren = f"({court} {year})"
    return f"{volume} {reporter} {page}, {pin} {paren}", pin


def _case_cite(rng: random.Random) -> tuple[str, int]:
    cite, pin = _reporter_cite(rng)
    return f"{_caption(rng)}, {cite}", pin


def _date(rng: random.Random, first: int = 2015, last: int = 2024) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(first, last)}"


def _money(rng: random.Random) -> str:
    amount = rng.choice([50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000])
    return f"${amount:,}"


# ---------------------------------------------------------------------------------------------
# Contracts


def _clause_indemnification(rng: random.Random, a: str, b: str) -> list[str]:
    shall = rng.choice(SHALL)
    first, second = (a, b) if rng.random() < 0.5 else (b, a)
    verbs = rng.choice(["indemnify, defend and hold harmless", "defend, indemnify, and hold harmless"])
    return [
        "Indemnification.",
        f"(a) {first} {shall} {verbs} {second} and its Affiliates, officers, directors and employees "
        f"from and against any and all Losses, including {rng.choice(FEES)}, {rng.choice(ARISING)} "
        "(i) any breach of this Agreement by the indemnifying Party, (ii) the gross negligence or "
        "willful misconduct of the indemnifying Party, or (iii) any third-party claim alleging "
        "infringement of Intellectual Property Rights.",
        f"(b) The indemnified Party {shall} give prompt written notice of any claim, and the "
        f"indemnifying Party {shall} have sole control of the defense and settlement thereof; "
        "provided, however, that no settlement requiring an admission of fault may be entered into "
        "without the indemnified Party's prior written consent, which shall not be unreasonably withheld.",
    ]


def _clause_severability(rng: random.Random, a: str, b: str) -> list[str]:
    court = rng.choice(["a court of competent jurisdiction", "any court or arbitrator", "a tribunal of competent jurisdiction"])
    return [
        "Severability.",
        f"If any provision of this Agreement is held by {court} to be invalid, illegal or "
        "unenforceable in any respect, such provision "
        + rng.choice(["shall be enforced to the maximum extent permissible", "shall be modified to the minimum extent necessary to make it enforceable"])
        + ", and the remaining provisions of this Agreement "
        + rng.choice(["shall continue in full force and effect.", "shall remain in full force and effect.", "shall not be affected or impaired thereby."]),
    ]


def _clause_governing_law(rng: random.Random, a: str, b: str, state: str) -> list[str]:
    venue = rng.choice(["state or federal courts located in", "courts of"])
    return [
        "Governing Law; Venue.",
        f"(a) This Agreement {rng.choice(SHALL)} be governed by and construed in accordance with the laws "
        f"of the State of {state}, without giving effect to any choice or conflict of law provision "
        f"or rule, and the Parties agree that {GOVERNING[state]} applies to this Agreement.",
        f"(b) Each Party irrevocably submits to the exclusive jurisdiction of the {venue} the State of "
        f"{state} for any action {rng.choice(ARISING)} this Agreement.",
        "(c) EACH PARTY HEREBY WAIVES, TO THE FULLEST EXTENT PERMITTED BY LAW, ANY RIGHT TO A TRIAL BY JURY.",
    ]


def _clause_force_majeure(rng: random.Random, a: str, b: str) -> list[str]:
    events = rng.sample(FORCE_EVENTS, rng.randint(4, 7))
    days = rng.choice(["thirty (30)", "sixty (60)", "ninety (90)"])
    return [
        "Force Majeure.",
        "Neither Party shall be liable for any failure or delay in performance under this Agreement "
        "(other than payment obligations) to the extent caused by events beyond its reasonable control, "
        f"including {', '.join(events[:-1])} or {events[-1]} (each, a \"Force Majeure Event\"). "
        f"If a Force Majeure Event continues for more than {days} days, either Party may terminate "
        "this Agreement upon written notice to the other Party.",
    ]


def _clause_confidentiality(rng: random.Random, a: str, b: str) -> list[str]:
    years = rng.choice(["two (2)", "three (3)", "five (5)"])
    return [
        "Confidentiality.",
        f"(a) Each Party {rng.choice(SHALL)} hold the other Party's Confidential Information in strict "
        "confidence and shall not disclose it to any third party except to its employees and advisors "
        "who have a need to know and are bound by obligations of confidentiality no less protective.",
        "(b) The obligations in this Section shall not apply to information that (i) is or becomes "
        "publicly available through no fault of the receiving Party, (ii) was rightfully known to the "
        "receiving Party before disclosure, or (iii) is independently developed without use of the "
        "Confidential Information.",
        f"(c) The obligations in this Section shall survive for {years} years after the expiration or "
        "termination of this Agreement.",
    ]


def _clause_limitation(rng: random.Random, a: str, b: str) -> list[str]:
    cap = rng.choice(["the fees paid or payable under this Agreement in the twelve (12) months preceding the claim",
                      _money(rng)])
    return [
        "Limitation of Liability.",
        "EXCEPT FOR A PARTY'S INDEMNIFICATION OBLIGATIONS, IN NO EVENT SHALL EITHER PARTY BE LIABLE "
        "FOR ANY INDIRECT, INCIDENTAL, CONSEQUENTIAL, SPECIAL OR PUNITIVE DAMAGES. Each Party's "
        f"aggregate liability {rng.choice(ARISING)} this Agreement shall not exceed {cap}.",
    ]


def _clause_termination(rng: random.Random, a: str, b: str) -> list[str]:
    days = rng.choice(["fifteen (15)", "thirty (30)", "forty-five (45)"])
    return [
        "Term and Termination.",
        f"(a) This Agreement commences on the Effective Date and continues for an initial term of "
        f"{rng.choice(['one (1) year', 'three (3) years', 'five (5) years'])} (the \"Term\").",
        f"(b) Either Party may terminate this Agreement upon written notice if the other Party "
        f"materially breaches this Agreement and fails to cure such breach within {days} days.",
        f"(c) {rng.choice(NOTWITHSTANDING)}, Sections relating to confidentiality, indemnification "
        "and limitation of liability shall survive termination.",
    ]


def _clause_notices(rng: random.Random, a: str, b: str) -> list[str]:
    return [
        "Notices.",
        "All notices under this Agreement shall be in writing and shall be deemed given (i) when "
        "delivered personally, (ii) one (1) Business Day after deposit with a nationally recognized "
        "overnight courier, or (iii) three (3) Business Days after mailing by certified mail, return "
        "receipt requested, to the address set forth on the signature page.",
    ]


def _clause_assignment(rng: random.Random, a: str, b: str) -> list[str]:
    party = rng.choice([a, b, "Neither Party"])
    subject = "Neither Party" if party == "Neither Party" else party
    verb = "may" if subject == "Neither Party" else "may not"
    return [
        "Assignment.",
        f"{subject} {verb} assign or transfer this Agreement, whether by operation of law, Change of "
        "Control or otherwise, without the prior written consent of the other Party. Any purported "
        "assignment in violation of this Section shall be null and void.",
    ]


def _clause_entire(rng: random.Random, a: str, b: str) -> list[str]:
    return [
        "Entire Agreement; Amendment.",
        "This Agreement, together with its Exhibits and Schedules, constitutes the entire agreement "
        "between the Parties with respect to its subject matter and supersedes all prior and "
        "contemporaneous understandings, agreements, representations and warranties. This Agreement "
        "may be amended only by a written instrument signed by both Parties.",
    ]


def _clause_arbitration(rng: random.Random, a: str, b: str) -> list[str]:
    body = rng.choice(["the American Arbitration Association", "JAMS", "the International Centre for Dispute Resolution"])
    return [
        "Arbitration.",
        f"Any dispute {rng.choice(ARISING)} this Agreement shall be finally resolved by binding "
        f"arbitration administered by {body} before a single arbitrator. This Section is governed by "
        "the Federal Arbitration Act, 9 U.S.C. § 1 et seq., and judgment on the award may be entered "
        "in any court of competent jurisdiction.",
    ]


def _clause_release(rng: random.Random, a: str, b: str) -> list[str]:
    return [
        "General Release.",
        f"{b} hereby releases {a} from all claims, known or unknown, {rng.choice(ARISING)} the "
        f"matters described herein. {b} expressly waives the benefit of Cal. Civ. Code § 1542 and "
        "any similar statute of any other jurisdiction.",
    ]


OPTIONAL_CLAUSES = [
    _clause_indemnification, _clause_severability, _clause_force_majeure, _clause_confidentiality,
    _clause_limitation, _clause_termination, _clause_notices, _clause_assignment, _clause_entire,
    _clause_arbitration, _clause_release,
]


def _compliance(rng: random.Random, a: str, b: str) -> list[str]:
    acts = rng.sample(COMPLIANCE_ACTS, 2)
    return [
        "Compliance with Laws.",
        f"Each Party {rng.choice(SHALL)} comply with all applicable laws in performing this Agreement, "
        f"including {acts[0][0]}, {acts[0][1]}, and {acts[1][0]}, {acts[1][1]}, and any regulations "
        f"promulgated thereunder, including {rng.choice(REGULATIONS)}.",
    ]


def _contract(rng: random.Random) -> str:
    title, role_a, role_b, article, purpose = rng.choice(CONTRACTS)
    (name_a, kind_a), (name_b, kind_b) = _company(rng), _company(rng)
    while name_b == name_a:
        name_b, kind_b = _company(rng)
    state = rng.choice(STATES)
    lines = [
        title,
        "",
        f"This {title.title()} (the \"Agreement\") is entered into as of {_date(rng)} (the \"Effective "
        f"Date\") by and between {name_a}, a {rng.choice(STATES)} {kind_a} (\"{role_a}\"), and "
        f"{name_b}, a {rng.choice(STATES)} {kind_b} (\"{role_b}\"). {role_a} and {role_b} are each "
        "referred to herein as a \"Party\" and together as the \"Parties\".",
        "",
        "ARTICLE I",
        "DEFINITIONS",
    ]
    for k, (term, meaning) in enumerate(rng.sample(DEFINITIONS, rng.randint(3, 5)), start=1):
        lines.append(f"1.{k} \"{term}\" means {meaning}.")
    shall = rng.choice(SHALL)
    fee = _money(rng)
    lines += [
        "",
        "ARTICLE II",
        article,
        f"2.1 Subject to the terms and conditions of this Agreement, {role_a} {shall} {purpose}.",
        f"2.2 In consideration thereof, {role_b} {shall} pay {role_a} the sum of {fee} (the \"Fee\") "
        f"within {rng.choice(['thirty (30)', 'forty-five (45)', 'sixty (60)'])} days of receipt of "
        "an undisputed invoice. Late payments shall accrue interest at the lesser of one and one-half "
        "percent (1.5%) per month or the maximum rate permitted by law.",
        f"2.3 {role_a} represents and warrants that (a) it has full power and authority to enter into "
        "this Agreement, and (b) its performance hereunder will not violate any agreement to which it "
        "is a party.",
        "",
        "ARTICLE III",
        "GENERAL PROVISIONS",
    ]
    clauses = rng.sample(OPTIONAL_CLAUSES, rng.randint(4, 7))
    builders = [lambda: _compliance(rng, role_a, role_b), lambda: _clause_governing_law(rng, role_a, role_b, state)]
    builders += [lambda c=c: c(rng, role_a, role_b) for c in clauses]
    order = list(range(len(builders)))
    rng.shuffle(order)
    for k, index in enumerate(order, start=1):
        heading, *body = builders[index]()
        if len(body) == 1:
            lines.append(f"3.{k} {heading} {body[0]}")
        else:
            lines.append(f"3.{k} {heading}")
            lines += body
    lines += [
        "",
        "IN WITNESS WHEREOF, the Parties have executed this Agreement as of the Effective Date.",
        f"{name_a.upper()}    By: {_person(rng)}    Title: {rng.choice(['Chief Executive Officer', 'General Counsel', 'President'])}",
        f"{name_b.upper()}    By: {_person(rng)}    Title: {rng.choice(['Chief Financial Officer', 'Managing Member', 'Vice President'])}",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Opinions


def _opinion(rng: random.Random) -> str:
    abbrev, district = rng.choice(DISTRICTS)
    plaintiff = rng.choice([_person(rng), _company(rng)[0]])
    defendant = rng.choice([_company(rng)[0], f"City of {rng.choice(CITIES)}", _person(rng)])
    while defendant == plaintiff:
        defendant = _company(rng)[0]
    statute, act = _federal(rng)
    state_code = rng.choice(STATE_CODES)
    rule, relief = rng.choice(RULES)
    landmark, volume, page, year, pin = rng.choice(LANDMARKS[rule])
    judge = f"{rng.choice(FIRST_NAMES)[0]}{rng.choice(SURNAMES)[0]}{rng.choice(SURNAMES)[0]}"
    docket = f"{rng.randint(1, 5)}:{rng.randint(15, 24)}-cv-{rng.randint(100, 9999):05d}-{judge.upper()}"
    disposition = rng.choice(["GRANTED", "DENIED", "GRANTED IN PART and DENIED IN PART"])
    allegation = rng.choice(ALLEGATIONS)
    if allegation.endswith("dated"):
        allegation += " " + _date(rng, 2010, 2014)
    support = [_case_cite(rng) for _ in range(rng.randint(3, 4))]
    lines = [
        "UNITED STATES DISTRICT COURT",
        district,
        "",
        f"{plaintiff}, Plaintiff,",
        "v.",
        f"{defendant}, Defendant.",
        f"Case No. {docket}",
        "",
        f"MEMORANDUM OPINION AND ORDER ON DEFENDANT'S {relief}",
        "",
        "I. BACKGROUND",
        f"Plaintiff {plaintiff} (\"Plaintiff\") brings this action against {defendant} (\"Defendant\") "
        f"under {statute}, {act}, and {state_code}. Plaintiff alleges that on or about {_date(rng)}, "
        f"Defendant {allegation}. "
        f"This Court has jurisdiction under 28 U.S.C. § {rng.choice(['1331', '1332(a)', '1367(a)'])}. "
        f"Defendant now moves under {rule}.",
        "",
        "II. LEGAL STANDARD",
        f"A motion under {rule} tests the legal sufficiency of the claims. {landmark}, {volume} U.S. "
        f"{page}, {pin} ({year}). The Court accepts the well-pleaded facts as true and draws all "
        f"reasonable inferences in the non-moving party's favor. Id. at {pin + rng.randint(1, 5)}.",
        "",
        "III. DISCUSSION",
    ]
    topics = rng.sample(ISSUES, len(support))
    for k, (cite, cite_pin) in enumerate(support):
        signal = rng.choice(SIGNALS)
        claim = rng.choice([statute, state_code])
        lines += [
            f"{'ABCD'[k]}. {topics[k]}",
            rng.choice([
                f"Defendant argues that Plaintiff's claim under {claim} fails as a matter of law.",
                f"Plaintiff contends that the complaint adequately pleads a violation of {claim}.",
                f"The parties dispute whether {claim} reaches the conduct alleged.",
                f"Courts in this Circuit have construed {claim} narrowly.",
            ])
            + f" {signal}{cite}. "
            + rng.choice([
                f"Id. at {cite_pin + rng.randint(1, 9)} (\"{rng.choice(['The inquiry is fact-intensive', 'Conclusory allegations do not suffice', 'The statute must be read as a whole'])}.\").",
                f"The Court {rng.choice(['agrees', 'disagrees', 'need not reach the question'])}.",
                f"Under § {rng.choice(['2', '17200', '1983', '1542', '10(b)'])}, the analysis turns on the pleadings.",
            ]),
        ]
    lines += [
        "",
        "IV. CONCLUSION",
        f"For the foregoing reasons, Defendant's motion is {disposition}. "
        + ("Plaintiff may file an amended complaint within twenty-one (21) days. " if disposition != "DENIED" else "")
        + "IT IS SO ORDERED.",
        f"Dated: {_date(rng, 2016, 2024)}",
        f"United States District Judge ({abbrev})",
    ]
    return "\n".join(lines)


def _document(rng: random.Random) -> str:
    return _contract(rng) if rng.random() < 0.5 else _opinion(rng)


def legal_documents(n: int, seed: int = 0) -> list[str]:
    """``n`` legal documents (contracts and court opinions), the same list for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    return [_document(rng) for _ in range(n)]


def legal_text(n: int = 500, seed: int = 0) -> str:
    """The documents joined by blank lines: a plain-text corpus ready for a tokenizer."""
    return "\n\n".join(legal_documents(n, seed)) + "\n"


def legal_split(n: int, seed: int = 0, held_out: float = 0.1) -> tuple[list[str], list[str]]:
    """``n`` documents split into (train, held-out): the held-out part is the last
    ``round(n * held_out)`` documents (at least one when ``n >= 2`` and ``held_out > 0``), less any
    that also occurs verbatim in train, so the two never share a document."""
    if not 0 <= held_out < 1:
        raise ValueError(f"held_out must be in [0, 1), got {held_out}")
    docs = legal_documents(n, seed)
    k = round(n * held_out)
    if held_out > 0 and n >= 2:
        k = max(k, 1)
    train, rest = docs[: n - k], docs[n - k :]
    seen = set(train)
    return train, [d for d in rest if d not in seen]
