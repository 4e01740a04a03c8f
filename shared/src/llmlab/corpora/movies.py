"""A small movie graph for the graph-RAG labs: people, movies, ACTED_IN and DIRECTED relations.

Directors have a favourite genre and a troupe of actors they keep casting, and actors also work
for other directors, so the graph has the multi-hop structure graph questions need ("thrillers
starring an actor who worked with Maya Okafor" reaches through one director's casts into other
directors' films). Every movie has exactly one director and 3 to 5 actors; a few directors also
act. Names and titles are unique.

Ground truth: :func:`answer_thriller_question` (and :func:`answer_genre_question` for any genre)
computes the multi-hop answer in plain Python. The same ``seed`` always gives the same graph.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST = ["Maya", "Leo", "Ines", "Omar", "Greta", "Tomas", "Aiko", "Rafael", "Nadia", "Felix", "Priya",
         "Jonas", "Clara", "Mateo", "Lena", "Victor", "Amara", "Hugo", "Selma", "Idris", "Freya", "Caleb",
         "Yara", "Bruno", "Elif", "Dario", "Noor", "Oskar", "Talia", "Emil"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Castillo", "Brandt", "Nakamura", "Rossi", "Haddad", "Kowalski",
        "Fischer", "Varga", "Delacroix", "Quinn", "Sato", "Oyelaran", "Petrov", "Almeida", "Novak", "Byrne",
        "Eklund", "Mensah", "Laurent", "Ibarra", "Holm", "Fontaine", "Aziz", "Marsh", "Keller"]
GENRES = ["Thriller", "Drama", "Comedy", "Sci-Fi", "Horror", "Romance", "Action", "Animation"]
GENRE_WEIGHTS = [3, 3, 2, 2, 1, 1, 2, 1]
ADJECTIVES = ["Silent", "Crimson", "Hollow", "Last", "Broken", "Golden", "Midnight", "Distant", "Frozen",
              "Hidden", "Burning", "Quiet", "Final", "Paper", "Electric", "Wild", "Glass", "Iron"]
NOUNS = ["Harbor", "Signal", "Orchard", "Witness", "Horizon", "Garden", "Circuit", "Echo", "Lantern",
         "Frontier", "Tide", "Mirror", "Engine", "Empire", "Letter", "Crossing", "Summer", "Archive"]
PLACES = ["Lisbon", "the North", "Mars", "Brooklyn", "the Valley", "Kyoto", "the Coast", "Eden", "Berlin"]


@dataclass(frozen=True)
class Person:
    name: str
    born: int


@dataclass(frozen=True)
class Movie:
    title: str
    genre: str
    year: int


@dataclass(frozen=True)
class MovieGraph:
    """``acted_in`` holds (person name, movie title) pairs, ``directed`` (person name, title) pairs."""

    people: list[Person]
    movies: list[Movie]
    acted_in: list[tuple[str, str]]
    directed: list[tuple[str, str]]

    def movie(self, title: str) -> Movie:
        return next(m for m in self.movies if m.title == title)

    def cast(self, title: str) -> list[str]:
        return [p for p, t in self.acted_in if t == title]

    def director_of(self, title: str) -> str:
        return next(p for p, t in self.directed if t == title)

    def directors(self) -> list[str]:
        return sorted({p for p, _ in self.directed})

    def actors(self) -> list[str]:
        return sorted({p for p, _ in self.acted_in})


def _a(noun: str) -> str:
    return ("An " if noun[0] in "AEIOU" else "A ") + noun


def _title(rng: random.Random) -> str:
    return rng.choice([
        lambda: f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}",
        lambda: f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}",
        lambda: f"The {rng.choice(NOUNS)} of {rng.choice(PLACES)}",
        lambda: f"{rng.choice(NOUNS)}s",
        lambda: f"{_a(rng.choice(NOUNS))} in {rng.choice(PLACES)}",
    ])()


def movie_graph(n_movies: int = 60, seed: int = 0) -> MovieGraph:
    """A graph with ``n_movies`` movies, ``max(3, n_movies // 6)`` directors and about
    ``n_movies`` actors; the same graph for the same ``seed``."""
    if n_movies < 1:
        raise ValueError(f"n_movies must be >= 1, got {n_movies}")
    rng = random.Random(seed)
    n_directors = max(3, n_movies // 6)
    n_actors = max(8, n_movies)
    names = [f"{f} {s}" for f in FIRST for s in LAST]
    if n_directors + n_actors > len(names):
        raise ValueError(f"n_movies={n_movies} is too large for the name pool")
    chosen = rng.sample(names, n_directors + n_actors)
    directors, actors = chosen[:n_directors], chosen[n_directors:]
    people = [Person(name, rng.randint(1935, 1975) if name in directors else rng.randint(1940, 2000))
              for name in chosen]
    born = {p.name: p.born for p in people}
    acting_directors = set(rng.sample(directors, max(1, n_directors // 4)))

    favourite = {d: rng.choices(GENRES, GENRE_WEIGHTS)[0] for d in directors}
    troupe = {d: rng.sample(actors, min(len(actors), rng.randint(3, 5))) for d in directors}
    titles: set[str] = set()
    movies, acted_in, directed = [], [], []
    for i in range(n_movies):
        director = directors[i % n_directors] if i < n_directors else rng.choice(directors)
        genre = favourite[director] if rng.random() < 0.5 else rng.choices(GENRES, GENRE_WEIGHTS)[0]
        title, attempt = _title(rng), 0
        while title in titles:
            attempt += 1
            title = _title(rng) if attempt < 20 else f"{_title(rng)} {attempt}"
        titles.add(title)
        year = rng.randint(max(1975, born[director] + 25), 2024)
        size = rng.randint(3, 5)
        cast: list[str] = []
        for actor in rng.sample(troupe[director], len(troupe[director])):
            if len(cast) < size - 1 and rng.random() < 0.7:
                cast.append(actor)
        pool = [a for a in actors if a not in cast]
        cast += rng.sample(pool, size - len(cast))
        others = sorted(acting_directors - {director})
        if others and rng.random() < 0.15:
            cast[-1] = rng.choice(others)
        movies.append(Movie(title, genre, year))
        directed.append((director, title))
        acted_in += [(actor, title) for actor in cast]
    return MovieGraph(people, movies, acted_in, directed)


def answer_genre_question(graph: MovieGraph, director: str, genre: str) -> set[str]:
    """Titles of ``genre`` movies starring an actor who acted in a movie ``director`` directed."""
    directed_titles = {t for d, t in graph.directed if d == director}
    coworkers = {p for p, t in graph.acted_in if t in directed_titles}
    genre_titles = {m.title for m in graph.movies if m.genre == genre}
    return {t for p, t in graph.acted_in if p in coworkers and t in genre_titles}


def answer_thriller_question(graph: MovieGraph, director: str) -> set[str]:
    """Thrillers starring an actor who worked with ``director`` (acted in a film they directed)."""
    return answer_genre_question(graph, director, "Thriller")
