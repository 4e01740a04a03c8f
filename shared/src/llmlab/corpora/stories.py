"""Short children's stories from a small grammar, for the language-model labs.

Each story picks a hero, a place, a wish, an obstacle, a helper and an ending, and tells them
with varied sentence templates. The text has real structure (names recur within a story,
pronouns agree, events follow in order) so a tiny model learns something and a bigger one
learns more. The same ``seed`` always gives the same stories; ``n`` scales the size
(about 450 characters a story, so 50,000 stories are about 22 MB).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

NAMES = {
    "she": ["Lily", "Mia", "Anna", "Sara", "Zoe", "Emma", "Nora", "Ruby", "Lucy", "Ella", "Ivy", "Rosa"],
    "he": ["Tom", "Ben", "Max", "Leo", "Sam", "Finn", "Jack", "Oscar", "Noah", "Theo", "Hugo", "Eli"],
}
ANIMALS = ["cat", "dog", "rabbit", "fox", "bear", "duck", "mouse", "owl", "frog", "turtle", "pony", "squirrel"]
KINDS = ["little cat", "small dog", "young fox", "brave mouse", "kind bear", "tiny bird"]
CHILD = {"she": "girl", "he": "boy"}
PLACES = [
    ("a small house", "by the river"), ("a busy town", "near the hills"), ("a quiet farm", "next to the woods"),
    ("a tall tree", "in the big forest"), ("a blue boat", "on the lake"), ("a cozy cave", "under the mountain"),
    ("a bright village", "by the sea"), ("an old mill", "at the end of the road"),
]
WISHES = [
    ("find the lost red ball", "the red ball"), ("bake a cake for mom", "the cake"),
    ("see the stars from the hill", "the stars"), ("build a boat of sticks", "the boat"),
    ("win the big race", "the race"), ("grow a sunflower", "the sunflower"),
    ("learn to whistle a song", "the song"), ("fly a yellow kite", "the kite"),
    ("visit grandma across the valley", "grandma's house"), ("catch a shiny fish", "the fish"),
]
OBSTACLES = [
    "a storm came and the rain fell hard", "the path was blocked by a fallen tree",
    "the wind was too strong", "it was very dark and cold", "the bridge was broken",
    "a grumpy goat stood in the way", "the river was too wide to cross", "the door was locked",
]
FEELINGS = ["sad", "scared", "worried", "tired", "upset", "lonely"]
HAPPY = ["happy", "proud", "glad", "excited", "thankful", "cheerful"]
HELPS = [
    "showed a secret path", "carried a little lantern", "knew a good trick",
    "lent a long rope", "sang a brave song", "pointed the way with a smile",
]
MORALS = [
    "Friends make hard things easy.", "It is good to ask for help.", "Never give up on a dream.",
    "Kindness always comes back.", "Being patient pays off.", "Sharing makes everyone happy.",
]


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


@dataclass(frozen=True)
class _Cast:
    name: str
    pronoun: str
    kind: str
    friend: str
    friend_animal: str

    @property
    def obj(self) -> str:
        return "her" if self.pronoun == "she" else "him"

    @property
    def poss(self) -> str:
        return "her" if self.pronoun == "she" else "his"


def _cast(rng: random.Random) -> _Cast:
    pronoun = rng.choice(["she", "he"])
    name = rng.choice(NAMES[pronoun])
    friend_pronoun = rng.choice(["she", "he"])
    friend = rng.choice([n for n in NAMES[friend_pronoun] if n != name])
    kind = rng.choice([CHILD[pronoun], CHILD[pronoun], *KINDS])
    return _Cast(name, pronoun, kind, friend, rng.choice(ANIMALS))


def _story(rng: random.Random) -> str:
    c = _cast(rng)
    home, where = rng.choice(PLACES)
    wish, thing = rng.choice(WISHES)
    obstacle = rng.choice(OBSTACLES)
    feeling, happy = rng.choice(FEELINGS), rng.choice(HAPPY)
    help_, moral = rng.choice(HELPS), rng.choice(MORALS)
    cap = c.pronoun.capitalize()

    opening = rng.choice([
        f"Once upon a time, there was a {c.kind} named {c.name}. {cap} lived in {home} {where}.",
        f"There once was a {c.kind} called {c.name} who lived in {home} {where}.",
        f"Long ago, in {home} {where}, lived a {c.kind} named {c.name}.",
        f"One sunny morning, {c.name} the {c.kind} woke up in {home} {where}.",
    ])
    wish_line = rng.choice([
        f"{c.name} wanted to {wish} more than anything.",
        f"Every day, {c.name} dreamed about a way to {wish}.",
        f"Today {c.pronoun} had a plan: {c.pronoun} would {wish}.",
    ])
    trouble = rng.choice([
        f"But when {c.name} set out, {obstacle}.",
        f"{cap} walked and walked, but then {obstacle}.",
        f"It was not easy, because {obstacle}.",
    ])
    mood = rng.choice([
        f"{c.name} felt {feeling} and sat down.",
        f"{cap} was {feeling} and did not know what to do.",
        f'"Oh no," said {c.name}. {cap} felt very {feeling}.',
    ])
    helper = rng.choice([
        f"Just then, {_a(c.friend_animal)} named {c.friend} came by. {c.friend} {help_}.",
        f"A friendly {c.friend_animal} called {c.friend} saw {c.obj} and {help_}.",
        f'"Do not worry," said {c.friend} the {c.friend_animal}, who {help_}.',
    ])
    success = rng.choice([
        f"Together they went on, and soon {c.name} reached {thing}.",
        f"With {c.friend}'s help, {c.name} could finally {wish}.",
        f"Step by step, {c.name} and {c.friend} made it, and {thing} was waiting for them.",
    ])
    ending = rng.choice([
        f"{c.name} was so {happy}. {cap} hugged {c.friend} and said thank you.",
        f"That night, {c.name} went to bed {happy}, thinking about {c.poss} new friend {c.friend}.",
        f"{c.name} smiled. It was the best day of {c.poss} life.",
    ])
    return " ".join([opening, wish_line, trouble, mood, helper, success, ending, moral])


def generate_stories(n: int, seed: int = 0) -> list[str]:
    """``n`` stories, the same list for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    return [_story(rng) for _ in range(n)]


def stories_text(n: int = 2000, seed: int = 0) -> str:
    """The stories joined by blank lines: a plain-text corpus ready for a tokenizer."""
    return "\n\n".join(generate_stories(n, seed)) + "\n"
