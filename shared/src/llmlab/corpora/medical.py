"""English and German clinical-trial abstracts from a small grammar, for the SentencePiece labs.

Each abstract picks a condition, a drug that treats it and an outcome it moves, and reports a
made-up trial in four labelled parts (Background, Methods, Results, Conclusions; in German
Hintergrund, Methoden, Ergebnisse, Schlussfolgerung) with consistent numbers: a baseline and a
follow-up value with standard deviations, a mean difference with a 95% confidence interval, a
p-value and adverse-event rates. The two languages share the tables, so they describe the same
kind of studies in the way each language writes them:

- English uses multiword terms ("type 2 diabetes mellitus", "randomized controlled trial",
  "adverse events of the gastrointestinal tract") and decimal points ("7.4 ± 1.1%");
- German uses long compounds ("Herzkreislauferkrankung", "Blutdrucksenkung",
  "Studienteilnehmende", "Magen-Darm-Trakt"), decimal commas ("7,4 ± 1,1 %"), "95-%-KI" and
  German quotation marks („…“).

Both use units and symbols that a tokenizer trained without help splits badly: "mg/dL",
"mmol/L", "µmol/L", "µg", "kg/m²", "°C", "mmHg", "≥", "≤", "±", "–" (ranges), "β-blocker" /
"β-Blocker", "TNF-α", "IL-6", "HbA1c", "NT-proBNP". The micro sign is U+00B5 ("µ"), which
Unicode NFKC (SentencePiece's default normaliser) rewrites to the Greek mu U+03BC, and "²"
becomes "2": a lab can show that with these texts.

Ground truth, by construction, on every :class:`MedicalAbstract`:

- ``symbols``: the units, signs and symbol-bearing abbreviations used in that abstract, each
  without whitespace (so it can be declared a SentencePiece user-defined symbol), each occurring
  in ``text``; every non-ASCII character of ``text`` other than German letters (äöüÄÖÜß)
  belongs to one of them;
- ``terms``: the medical terms used (English multiword terms, German compounds), each occurring
  in ``text``.

``medical_symbols(lang)`` and ``medical_terms(lang)`` list everything the grammar can emit. Every
German abstract contains at least two compounds longer than 15 characters (from its Methods and
Conclusions). An abstract is about 1,100 (English) or 1,200 (German) characters; 10,000 build
in about a second. The same ``seed`` always gives the same abstracts, and
``medical_abstracts(k, lang, seed)`` is a prefix of ``medical_abstracts(n, lang, seed)`` for
``k <= n``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "de"]


@dataclass(frozen=True)
class MedicalAbstract:
    text: str
    lang: str
    symbols: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class _Drug:
    en: str  # noun phrase
    de: str  # dative, after "mit"
    en_symbols: tuple[str, ...]
    de_symbols: tuple[str, ...]
    unit: str
    doses: tuple[float, ...]
    freq: int  # index into FREQ

    @property
    def en_short(self) -> str:
        return "vitamin D3" if self.en.startswith("vitamin") else self.en.split()[-1]

    @property
    def de_short(self) -> str:
        return "Vitamin D3" if "Vitamin" in self.de else self.de.split()[-1]


@dataclass(frozen=True)
class _Outcome:
    en: str
    de: str  # nominative with article
    de_label: str  # nominative without article
    en_symbols: tuple[str, ...]
    de_symbols: tuple[str, ...]
    en_unit: str
    de_unit: str
    low: float
    high: float
    decimals: int
    up: bool  # True when the treatment raises it


FREQ = [("once daily", "einmal täglich"), ("twice daily", "zweimal täglich"),
        ("three times daily", "dreimal täglich"), ("every 8 weeks", "alle 8 Wochen")]

DRUGS = {
    "metoprolol": _Drug("the β-blocker metoprolol", "dem β-Blocker Metoprolol", ("β-blocker",), ("β-Blocker",), "mg", (47.5, 95, 190), 0),
    "ramipril": _Drug("the ACE inhibitor ramipril", "dem ACE-Hemmer Ramipril", (), (), "mg", (2.5, 5, 10), 0),
    "empagliflozin": _Drug("the SGLT2 inhibitor empagliflozin", "dem SGLT2-Hemmer Empagliflozin", ("SGLT2",), ("SGLT2",), "mg", (10, 25), 0),
    "atorvastatin": _Drug("the statin atorvastatin", "dem Statin Atorvastatin", (), (), "mg", (20, 40, 80), 0),
    "apixaban": _Drug("the anticoagulant apixaban", "dem Gerinnungshemmer Apixaban", (), (), "mg", (2.5, 5), 1),
    "infliximab": _Drug("the anti-TNF-α antibody infliximab", "dem Anti-TNF-α-Antikörper Infliximab", ("TNF-α",), ("TNF-α",), "mg/kg", (5, 10), 3),
    "levothyroxine": _Drug("levothyroxine", "Levothyroxin", (), (), "µg", (50, 75, 100, 125), 0),
    "pantoprazole": _Drug("the proton pump inhibitor pantoprazole", "dem Protonenpumpenhemmer Pantoprazol", (), (), "mg", (20, 40), 0),
    "vitamin_d": _Drug("vitamin D3 supplementation", "einer Vitamin-D3-Supplementierung", (), (), "IU", (1000, 2000, 4000), 0),
    "tocilizumab": _Drug("the IL-6 receptor antagonist tocilizumab", "dem IL-6-Rezeptorantagonisten Tocilizumab", ("IL-6",), ("IL-6",), "mg/kg", (4, 8), 3),
    "amoxicillin": _Drug("the antibiotic amoxicillin", "dem Antibiotikum Amoxicillin", (), (), "mg", (500, 875, 1000), 2),
    "spironolactone": _Drug("the mineralocorticoid receptor antagonist spironolactone", "dem Mineralokortikoid-Rezeptorantagonisten Spironolacton", (), (), "mg", (25, 50), 0),
}

OUTCOMES = {
    "sbp": _Outcome("systolic blood pressure", "der systolische Blutdruck", "systolischer Blutdruck", (), (), "mmHg", "mmHg", 140, 168, 0, False),
    "ldl": _Outcome("LDL cholesterol", "das LDL-Cholesterin", "LDL-Cholesterin", (), (), "mg/dL", "mg/dL", 130, 195, 0, False),
    "fpg": _Outcome("fasting plasma glucose", "der Nüchternblutzucker", "Nüchternblutzucker", (), (), "mmol/L", "mmol/L", 7.2, 10.5, 1, False),
    "hba1c": _Outcome("HbA1c", "der HbA1c-Wert", "HbA1c-Wert", ("HbA1c",), ("HbA1c",), "%", "%", 7.4, 9.6, 1, False),
    "creatinine": _Outcome("serum creatinine", "das Serumkreatinin", "Serumkreatinin", (), (), "µmol/L", "µmol/L", 110, 190, 0, False),
    "crp": _Outcome("C-reactive protein", "das C-reaktive Protein", "C-reaktives Protein", (), (), "mg/L", "mg/L", 12, 60, 1, False),
    "hr": _Outcome("resting heart rate", "die Ruheherzfrequenz", "Ruheherzfrequenz", (), (), "bpm", "Schläge/min", 78, 98, 0, False),
    "temp": _Outcome("core body temperature", "die Körperkerntemperatur", "Körperkerntemperatur", (), (), "°C", "°C", 38.4, 39.6, 1, False),
    "tsh": _Outcome("TSH", "der TSH-Wert", "TSH-Wert", (), (), "mU/L", "mU/l", 6, 14, 1, False),
    "vitd": _Outcome("serum 25-hydroxyvitamin D", "das 25-Hydroxyvitamin-D im Serum", "25-Hydroxyvitamin-D", (), (), "ng/mL", "ng/ml", 9, 19, 1, True),
    "acid": _Outcome("oesophageal acid exposure time", "die Säureexpositionszeit der Speiseröhre", "Säureexpositionszeit", (), (), "%", "%", 6, 14, 1, False),
    "calpro": _Outcome("faecal calprotectin", "das fäkale Calprotectin", "fäkales Calprotectin", (), (), "µg/g", "µg/g", 250, 900, 0, False),
    "bnp": _Outcome("NT-proBNP", "das NT-proBNP", "NT-proBNP", ("NT-proBNP",), ("NT-proBNP",), "pg/mL", "pg/ml", 900, 2600, 0, False),
    "uacr": _Outcome("urinary albumin-to-creatinine ratio", "der Albumin-Kreatinin-Quotient im Urin", "Albumin-Kreatinin-Quotient", (), (), "mg/g", "mg/g", 60, 400, 0, False),
    "bmi": _Outcome("body mass index", "der Body-Mass-Index", "Body-Mass-Index", (), (), "kg/m²", "kg/m²", 29, 38, 1, False),
    "das28": _Outcome("DAS28-CRP disease activity score", "der Krankheitsaktivitätsscore DAS28-CRP", "DAS28-CRP", ("DAS28-CRP",), ("DAS28-CRP",), "points", "Punkte", 4.6, 6.2, 1, False),
}

# (English term, German compound term, German nominative with article, German dative after "mit",
#  drugs, outcomes)
CONDITIONS = [
    ("cardiovascular disease", "Herzkreislauferkrankung", "Die Herzkreislauferkrankung", "einer Herzkreislauferkrankung",
     ["metoprolol", "atorvastatin", "ramipril"], ["sbp", "ldl", "bnp"]),
    ("arterial hypertension", "Bluthochdruckerkrankung", "Die Bluthochdruckerkrankung", "einer Bluthochdruckerkrankung",
     ["metoprolol", "ramipril", "spironolactone"], ["sbp", "hr"]),
    ("type 2 diabetes mellitus", "Typ-2-Diabetes", "Der Typ-2-Diabetes", "einem Typ-2-Diabetes",
     ["empagliflozin"], ["hba1c", "fpg", "uacr", "bmi"]),
    ("chronic kidney disease", "Nierenfunktionsstörung", "Die chronische Nierenfunktionsstörung", "einer chronischen Nierenfunktionsstörung",
     ["empagliflozin", "ramipril"], ["uacr", "creatinine"]),
    ("atrial fibrillation", "Vorhofflimmern", "Das Vorhofflimmern", "Vorhofflimmern",
     ["apixaban", "metoprolol"], ["hr"]),
    ("chronic heart failure", "Herzinsuffizienz", "Die chronische Herzinsuffizienz", "einer chronischen Herzinsuffizienz",
     ["metoprolol", "empagliflozin", "spironolactone"], ["bnp", "hr"]),
    ("inflammatory bowel disease", "Darmerkrankung", "Die chronisch-entzündliche Darmerkrankung", "einer chronisch-entzündlichen Darmerkrankung",
     ["infliximab"], ["calpro", "crp"]),
    ("hypothyroidism", "Schilddrüsenunterfunktion", "Die Schilddrüsenunterfunktion", "einer Schilddrüsenunterfunktion",
     ["levothyroxine"], ["tsh"]),
    ("community-acquired pneumonia", "Lungenentzündung", "Die ambulant erworbene Lungenentzündung", "einer ambulant erworbenen Lungenentzündung",
     ["amoxicillin"], ["crp", "temp"]),
    ("gastroesophageal reflux disease", "Refluxkrankheit", "Die gastroösophageale Refluxkrankheit", "einer gastroösophagealen Refluxkrankheit",
     ["pantoprazole"], ["acid"]),
    ("familial hypercholesterolaemia", "Fettstoffwechselstörung", "Die familiäre Fettstoffwechselstörung", "einer familiären Fettstoffwechselstörung",
     ["atorvastatin"], ["ldl"]),
    ("vitamin D deficiency", "Vitamin-D-Mangel", "Der Vitamin-D-Mangel", "einem Vitamin-D-Mangel",
     ["vitamin_d"], ["vitd"]),
    ("rheumatoid arthritis", "Gelenkentzündung", "Die rheumatoide Gelenkentzündung", "einer rheumatoiden Gelenkentzündung",
     ["tocilizumab", "infliximab"], ["das28", "crp"]),
]

DESIGNS = [
    ("randomized controlled trial", "randomisierten kontrollierten Studie", "randomisierten"),
    ("double-blind placebo-controlled trial", "doppelblinden placebokontrollierten Studie", "placebokontrollierten"),
    ("prospective cohort study", "prospektiven Kohortenstudie", "Kohortenstudie"),
    ("multicentre observational study", "multizentrischen Beobachtungsstudie", "Beobachtungsstudie"),
]
BURDEN_EN = [
    "is a leading cause of hospital admission in Europe",
    "affects millions of adults and is associated with substantial all-cause mortality",
    "remains underdiagnosed in primary care",
    "is associated with reduced quality of life and high healthcare costs",
]
BURDEN_DE = [
    ("zählt zu den häufigsten Ursachen für Krankenhausaufenthalte in Europa", "Krankenhausaufenthalte"),
    ("ist mit einer erhöhten Gesamtmortalität verbunden", "Gesamtmortalität"),
    ("wird in der hausärztlichen Versorgung häufig zu spät erkannt", "hausärztlichen"),
    ("geht mit einer eingeschränkten Lebensqualität und hohen Behandlungskosten einher", "Behandlungskosten"),
]
# German Methods and Conclusions always use one of these (all longer than 15 characters).
PARTICIPANTS_DE = ["Studienteilnehmende", "Patientinnen und Patienten", "Studienteilnehmerinnen und -teilnehmer"]
LONG_METHODS_DE = ["Einschlusskriterien", "Ausschlusskriterien", "Randomisierungsliste", "Behandlungszuteilung"]
CONCLUSION_DE = [
    ("bei günstigem Nebenwirkungsprofil zu einer klinisch relevanten Verbesserung", "Nebenwirkungsprofil"),
    ("zu einer Verbesserung, die Langzeitverträglichkeit bleibt jedoch zu prüfen", "Langzeitverträglichkeit"),
    ("zu einer Verbesserung; die Ergebnisse sollten in künftige Behandlungsleitlinien einfließen", "Behandlungsleitlinien"),
    ("zu einer Verbesserung, die in der Versorgungsforschung bestätigt werden sollte", "Versorgungsforschung"),
]
ADVERSE = [
    ("adverse events of the gastrointestinal tract (nausea, diarrhoea)", "gastrointestinal tract",
     "Unerwünschte Ereignisse im Magen-Darm-Trakt (Übelkeit, Durchfall)", "Magen-Darm-Trakt"),
    ("serious adverse events", "serious adverse events",
     "Schwerwiegende unerwünschte Ereignisse", "unerwünschte Ereignisse"),
    ("infections of the upper respiratory tract", "upper respiratory tract",
     "Infektionen der oberen Atemwege", "Atemwege"),
    ("symptomatic hypotension or dizziness", "symptomatic hypotension",
     "Symptomatische Blutdruckabfälle mit Schwindelgefühl", "Blutdruckabfälle"),
]
CONCLUSION_EN = [
    ("was well tolerated; larger trials with longer follow-up are warranted", "follow-up"),
    ("had a favourable safety profile, which supports its use in routine care", "safety profile"),
    ("should be evaluated in pragmatic trials before changes to clinical practice guidelines", "clinical practice guidelines"),
]
SECONDARY = ["hr", "mortality", "qol"]


class _Doc:
    """Collects the symbols and terms an abstract uses, in order of first use."""

    def __init__(self) -> None:
        self.symbols: dict[str, None] = {}
        self.terms: dict[str, None] = {}

    def sym(self, *symbols: str) -> str:
        for s in symbols:
            self.symbols[s] = None
        return symbols[0] if symbols else ""

    def term(self, term: str) -> str:
        self.terms[term] = None
        return term


def _num(x: float, decimals: int, lang: str) -> str:
    text = f"{x:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _p_value(rng: random.Random, lang: str) -> str:
    p = rng.choice(["< 0.001", "< 0.001", "= 0.002", "= 0.008", "= 0.01", "= 0.03", "= 0.04"])
    return "p " + (p.replace(".", ",") if lang == "de" else p)


def _unit_symbols(unit: str) -> tuple[str, ...]:
    """The symbols a unit contributes: the unit itself unless it is a plain word or "%"."""
    return () if unit in ("%", "points", "Punkte", "bpm") else (unit,)


def _abstract(rng: random.Random, lang: str) -> MedicalAbstract:
    doc = _Doc()
    en = lang == "en"
    cond_en, cond_de, cond_nom, cond_dat, drugs, outcomes = rng.choice(CONDITIONS)
    drug = DRUGS[rng.choice(drugs)]
    out = OUTCOMES[rng.choice(outcomes)]
    design_en, design_de, design_term_de = rng.choice(DESIGNS)
    n_patients = rng.randint(60, 4800)
    centres = rng.randint(2, 48)
    weeks = rng.choice([12, 24, 26, 48, 52])
    age = rng.choice([18, 18, 40, 50, 65])
    dose = rng.choice(drug.doses)
    dose_text = _num(dose, 1 if dose != int(dose) else 0, lang)
    freq = FREQ[drug.freq][0 if en else 1]
    unit = out.en_unit if en else out.de_unit
    dose_unit = "IE" if (drug.unit == "IU" and not en) else drug.unit
    doc.sym(*_unit_symbols(dose_unit))
    doc.sym(*(drug.en_symbols if en else drug.de_symbols))
    doc.sym(*(out.en_symbols if en else out.de_symbols))
    doc.sym(*_unit_symbols(unit))

    # Numbers: baseline, follow-up, a between-group difference with a 95% CI.
    d = out.decimals
    base = rng.uniform(out.low, out.high)
    change = base * rng.uniform(0.06, 0.3)
    if out.en_unit == "°C":
        change = rng.uniform(0.6, 1.6)
    follow = base + change if out.up else base - change
    diff = change * rng.uniform(0.4, 0.9)
    half = diff * rng.uniform(0.25, 0.7)
    sd0, sd1 = base * rng.uniform(0.08, 0.2), follow * rng.uniform(0.08, 0.2)
    if out.en_unit == "°C":
        sd0, sd1 = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)
    pm, dash = doc.sym("±"), doc.sym("–")
    sp = "" if (unit == "%" and en) else " "  # "7.4%" in English, "7,4 %" in German

    def val(x: float) -> str:
        return f"{_num(x, d, lang)}{sp}{unit}"

    def val_sd(x: float, sd: float) -> str:
        return f"{_num(x, d, lang)} {pm} {_num(sd, d, lang)}{sp}{unit}"

    p = _p_value(rng, lang)
    threshold = _num(out.high * 1.05 if out.up else out.low * 0.9, d, lang)
    ge = doc.sym("≤" if out.up else "≥")
    fever = rng.random() < 0.35
    treated, control = rng.uniform(4, 18), rng.uniform(2, 12)

    if en:
        doc.term(cond_en)
        doc.term(out.en)
        design = doc.term(design_en)
        exclusion = (f" Patients with fever ({doc.sym('≥')} 38.5 {doc.sym('°C')}) or eGFR < 30 "
                     f"{doc.sym('mL/min', 'eGFR')} were excluded." if fever else "")
        background = (f"Background: {cond_en[0].upper() + cond_en[1:]} {rng.choice(BURDEN_EN)}. Whether "
                      f"{drug.en} improves {out.en} in {rng.choice(['adults', 'older adults', 'outpatients'])} "
                      f"with {cond_en} remains unclear.")
        methods = (f"Methods: In a {design} at {centres} centres, {_num(n_patients, 0, 'en')} adults aged "
                   f"{doc.sym('≥')} {age} years with {cond_en} and {out.en} {ge} {threshold}{sp}{unit} received "
                   f"{drug.en} {dose_text} {dose_unit} {freq} or placebo for {weeks} weeks.{exclusion} The "
                   f"primary endpoint was the change in {out.en} in the {doc.term('intention-to-treat')} population.")
        verb = "rose" if out.up else "fell"
        results = (f"Results: Mean {out.en} {verb} from {val_sd(base, sd0)} to "
                   f"{val_sd(follow, sd1)} (mean difference versus placebo "
                   f"{val(diff)}; 95% {doc.term('confidence interval')} {_num(diff - half, d, lang)}{dash}"
                   f"{_num(diff + half, d, lang)}; {p}).")
        secondary = rng.choice(SECONDARY)
        if secondary == "hr":
            hr = rng.uniform(0.6, 0.92)
            results += (f" The {doc.term('hazard ratio')} for hospitalisation was {hr:.2f} (95% CI "
                        f"{hr - rng.uniform(0.05, 0.15):.2f}{dash}{min(hr + rng.uniform(0.03, 0.12), 0.99):.2f}).")
        elif secondary == "mortality":
            results += (f" {doc.term('All-cause mortality')} was {treated * 0.5:.1f}% with {drug.en_short} "
                        f"and {control * 0.6 + 2:.1f}% with placebo.")
        else:
            results += (f" {doc.term('Quality of life')} ({doc.sym('EQ-5D')}) improved by "
                        f"{rng.uniform(0.02, 0.12):.2f} points.")
        adverse, adverse_term, _, _ = rng.choice(ADVERSE)
        doc.term(adverse_term)
        results += (f" Rates of {adverse} were {treated:.1f}% in patients receiving "
                    f"{drug.en_short} and {control:.1f}% in those receiving placebo.")
        closing, closing_term = rng.choice(CONCLUSION_EN)
        conclusions = (f"Conclusions: In patients with {cond_en}, {drug.en_short} "
                       f"{'raised' if out.up else 'lowered'} {out.en} and {closing}.")
        doc.term(closing_term)
        text = "\n".join([background, methods, results, conclusions])
    else:
        doc.term(cond_de)
        doc.term(out.de_label)
        participants = doc.term(rng.choice(PARTICIPANTS_DE))
        long_methods = doc.term(rng.choice(LONG_METHODS_DE))
        doc.term(design_term_de)
        burden, burden_term = rng.choice(BURDEN_DE)
        doc.term(burden_term)
        q_open, q_close = doc.sym("„"), doc.sym("“")
        ci = doc.sym("95-%-KI")
        exclusion = (f" Personen mit Fieber ({doc.sym('≥')} 38,5 {doc.sym('°C')}) oder einer eGFR < 30 "
                     f"{doc.sym('ml/min', 'eGFR')} wurden gemäß den {doc.term('Ausschlusskriterien')} nicht "
                     "aufgenommen." if fever else "")
        background = (f"Hintergrund: {cond_nom} {burden}. Ob sich {out.de} unter einer Behandlung mit "
                      f"{drug.de} bei Erwachsenen mit {cond_dat} verbessert, ist unklar.")
        methods = (f"Methoden: In einer {design_de} an {centres} Zentren erhielten "
                   f"{_num(n_patients, 0, 'de')} {participants} (Alter {doc.sym('≥')} {age} Jahre) mit "
                   f"{cond_dat} und einem Ausgangswert {ge} {threshold}{sp}{unit} "
                   f"über {weeks} Wochen entweder {drug.de_short} "
                   f"{dose_text} {dose_unit} {freq} oder Placebo. Die {long_methods} {'wurden' if long_methods.endswith('n') else 'wurde'} "
                   f"vorab im Studienprotokoll festgelegt.{exclusion} Primärer Endpunkt war die "
                   f"Veränderung des Parameters {q_open}{out.de_label}{q_close}.")
        verb = "stieg" if out.up else "sank"
        results = (f"Ergebnisse: {out.de[0].upper() + out.de[1:]} {verb} von {val_sd(base, sd0)} "
                   f"auf {val_sd(follow, sd1)} (mittlere Differenz "
                   f"gegenüber Placebo {val(diff)}; {ci} {_num(diff - half, d, lang)}{dash}"
                   f"{_num(diff + half, d, lang)}; {p}).")
        secondary = rng.choice(SECONDARY)
        if secondary == "hr":
            hr = rng.uniform(0.6, 0.92)
            results += (f" Die Hazard Ratio für eine {doc.term('Krankenhauseinweisung')} betrug "
                        f"{_num(hr, 2, 'de')} ({ci} {_num(hr - rng.uniform(0.05, 0.15), 2, 'de')}{dash}"
                        f"{_num(min(hr + rng.uniform(0.03, 0.12), 0.99), 2, 'de')}).")
        elif secondary == "mortality":
            results += (f" Die {doc.term('Gesamtmortalität')} lag bei {_num(treated * 0.5, 1, 'de')} % "
                        f"gegenüber {_num(control * 0.6 + 2, 1, 'de')} % unter Placebo.")
        else:
            results += (f" Die {doc.term('Lebensqualität')} ({doc.sym('EQ-5D')}) verbesserte sich um "
                        f"{_num(rng.uniform(0.02, 0.12), 2, 'de')} Punkte.")
        _, _, adverse, adverse_term = rng.choice(ADVERSE)
        doc.term(adverse_term)
        results += (f" {adverse} traten bei {_num(treated, 1, 'de')} % bzw. {_num(control, 1, 'de')} % "
                    f"der {participants} auf.")
        closing, closing_term = rng.choice(CONCLUSION_DE)
        doc.term(closing_term)
        extra = ""
        if out is OUTCOMES["sbp"]:
            extra = f" Die {doc.term('Blutdrucksenkung')} war nach {weeks} Wochen stabil."
        conclusions = (f"Schlussfolgerung: Bei {cond_dat} führte die Behandlung mit {drug.de} "
                       f"{closing}.{extra}")
        text = "\n".join([background, methods, results, conclusions])

    symbols = tuple(s for s in doc.symbols if s)
    terms = tuple(doc.terms)
    missing = [s for s in (*symbols, *terms) if s not in text]
    if missing:  # a grammar bug, never data
        raise AssertionError(f"ground truth not in text: {missing}")
    return MedicalAbstract(text, lang, symbols, terms)


def medical_abstracts(n: int, lang: Lang = "en", seed: int = 0) -> list[MedicalAbstract]:
    """``n`` abstracts in ``lang`` ("en" or "de"), the same list for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if lang not in ("en", "de"):
        raise ValueError(f"lang must be 'en' or 'de', got {lang!r}")
    rng = random.Random(f"medical-{lang}-{seed}")
    return [_abstract(rng, lang) for _ in range(n)]


def medical_text(n: int = 1000, lang: Lang = "en", seed: int = 0) -> str:
    """The abstracts' texts joined by blank lines: a plain-text corpus ready for a tokenizer."""
    return "\n\n".join(a.text for a in medical_abstracts(n, lang, seed)) + "\n"


def _vocabulary(lang: str) -> tuple[list[str], list[str]]:
    """Every symbol and term the grammar can emit in ``lang``, read from the tables."""
    en = lang == "en"
    symbols = {"±", "–", "≥", "≤", "°C", "EQ-5D", "eGFR", "mL/min" if en else "ml/min"}
    if not en:
        symbols |= {"„", "“", "95-%-KI"}
    for drug in DRUGS.values():
        symbols |= set(drug.en_symbols if en else drug.de_symbols)
        unit = "IE" if (drug.unit == "IU" and not en) else drug.unit
        symbols |= set(_unit_symbols(unit))
    for out in OUTCOMES.values():
        symbols |= set(out.en_symbols if en else out.de_symbols)
        symbols |= set(_unit_symbols(out.en_unit if en else out.de_unit))
    if en:
        terms = {c[0] for c in CONDITIONS} | {o.en for o in OUTCOMES.values()} | {d[0] for d in DESIGNS}
        terms |= {a[1] for a in ADVERSE} | {c[1] for c in CONCLUSION_EN}
        terms |= {"intention-to-treat", "confidence interval", "hazard ratio", "All-cause mortality", "Quality of life"}
    else:
        terms = {c[1] for c in CONDITIONS} | {o.de_label for o in OUTCOMES.values()} | {d[2] for d in DESIGNS}
        terms |= {a[3] for a in ADVERSE} | {c[1] for c in CONCLUSION_DE} | {b[1] for b in BURDEN_DE}
        terms |= set(PARTICIPANTS_DE) | set(LONG_METHODS_DE)
        terms |= {"Ausschlusskriterien", "Krankenhauseinweisung", "Gesamtmortalität", "Lebensqualität", "Blutdrucksenkung"}
    return sorted(symbols), sorted(terms)


def medical_symbols(lang: Lang = "en") -> list[str]:
    """Every unit, sign and symbol-bearing abbreviation the grammar can emit in ``lang``, sorted;
    none contains whitespace, so all can be SentencePiece user-defined symbols."""
    if lang not in ("en", "de"):
        raise ValueError(f"lang must be 'en' or 'de', got {lang!r}")
    return _vocabulary(lang)[0]


def medical_terms(lang: Lang = "en") -> list[str]:
    """Every medical term (English multiword term or German compound) the grammar can emit, sorted."""
    if lang not in ("en", "de"):
        raise ValueError(f"lang must be 'en' or 'de', got {lang!r}")
    return _vocabulary(lang)[1]
