"""Course corpora, generated deterministically from a seed so every lab runs offline.

Each module's docstring says what it produces and the ground truth that comes with it. Only the
standard library is needed, except to render product images (extra ``images``) and policy PDFs
(extra ``pdf``), which import their libraries inside the functions that draw.
"""

from llmlab.corpora.abstracts import Abstract, Query, labelled_queries, scientific_abstracts
from llmlab.corpora.city_guides import (
    City,
    GuideDoc,
    TripQuestion,
    cities,
    city_guides,
    guide_documents,
    trip_questions,
    write_city_guides,
)
from llmlab.corpora.city_guides import facts as city_facts
from llmlab.corpora.headlines import Headline, financial_headlines
from llmlab.corpora.legal import legal_documents, legal_split, legal_text
from llmlab.corpora.math_problems import Problem, math_problems
from llmlab.corpora.medical import (
    MedicalAbstract,
    medical_abstracts,
    medical_symbols,
    medical_terms,
    medical_text,
)
from llmlab.corpora.movies import (
    Movie,
    MovieGraph,
    Person,
    answer_genre_question,
    answer_thriller_question,
    movie_graph,
)
from llmlab.corpora.pii import PIIDocument, Span, pii_documents
from llmlab.corpora.policies import (
    GoldQA,
    PolicyDocument,
    policy_documents,
    render_policy_pdf,
    write_policy_pdfs,
)
from llmlab.corpora.products import Product, product_catalogue, render_product, write_catalogue
from llmlab.corpora.puzzles import Puzzle, logic_puzzles, solutions, solve
from llmlab.corpora.stories import generate_stories, stories_text

__all__ = [
    "Abstract", "City", "GoldQA", "GuideDoc", "Headline", "MedicalAbstract", "Movie", "MovieGraph",
    "PIIDocument", "Person", "PolicyDocument", "Problem", "Product", "Puzzle", "Query", "Span",
    "TripQuestion", "answer_genre_question", "answer_thriller_question", "cities", "city_facts",
    "city_guides", "financial_headlines", "generate_stories", "guide_documents", "labelled_queries",
    "legal_documents", "legal_split", "legal_text", "logic_puzzles", "math_problems",
    "medical_abstracts", "medical_symbols", "medical_terms", "medical_text", "movie_graph",
    "pii_documents", "policy_documents", "product_catalogue", "render_policy_pdf", "render_product",
    "scientific_abstracts", "solutions", "solve", "stories_text", "trip_questions",
    "write_catalogue", "write_city_guides", "write_policy_pdfs",
]
