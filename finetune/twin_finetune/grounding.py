"""A port of src/honesty/grounding.ts (and the IDF weights of src/knowledge/term-weights.ts): whether a twin reply
comes from the person's notes, the manifest's knowledge, or is improvised. Same algorithm, same numbers to 1e-9
(test/fixtures/grounding-cases.json), so the eval measures what the browser marker will show."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .text_similarity import term_similarity, terms, words
from .tool_line import strip_tool_lines

DEFAULT_GROUNDING_THRESHOLD = 0.5  # calibrated on Ada; the reasons are by the constant in grounding.ts


@dataclass(frozen=True)
class Source:
    q: str
    a: str


@dataclass(frozen=True)
class Grounding:
    grounded: bool
    declined: bool  # the twin says it doesn't know: neither grounded nor improvised (src/honesty/grounding.ts)
    score: float
    source: Source | None


# The openings of a declining sentence, as words() reads them; the reasons are in src/honesty/decline.ts.
DECLINE_OPENINGS = (
    "i don t know",
    "i do not know",
    "i dont know",
    "i m not sure",
    "i am not sure",
    "i have no idea",
    "no idea",
    "i d rather not",
    "i would rather not",
    "i m not the one",
    "i am not the one",
    "i can t help",
    "i cannot help",
    "i can t say",
    "i cannot say",
    "i can t answer",
    "i cannot answer",
    "i can t predict",
    "i cannot predict",
    "i can t tell",
    "i cannot tell",
    "sorry i don t",
    "sorry i can t",
    "that isn t in",
    "that s not in",
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def declines(sentence: str) -> bool:
    said = " ".join(words(sentence)) + " "
    return any(said.startswith(opening + " ") for opening in DECLINE_OPENINGS)


@dataclass(frozen=True)
class _Note:
    source: Source
    terms: frozenset[str]  # its answer's and its questions' terms: what the visitor's question must meet
    says: frozenset[str]  # its answer's terms alone: what the reply must say


@dataclass(frozen=True)
class _Term:
    term: str
    weight: float
    similar: list[tuple[str, float]]


@dataclass(frozen=True)
class Index:
    notes: list[_Note]
    weights: dict[str, float]  # in first-seen order: the vocabulary is walked in this order
    unknown_weight: float
    seen: dict[str, _Term]  # a term's comparison with the vocabulary, computed once (Python is slow at it)


def term_weights(documents: list[list[str]]) -> tuple[dict[str, float], float]:
    """Squared IDF per term over documents of unique terms, and the weight of a term none of them uses."""
    frequency: dict[str, int] = {}
    for document in documents:
        for term in dict.fromkeys(document):
            frequency[term] = frequency.get(term, 0) + 1

    def weight(f: int) -> float:
        return math.log(1 + len(documents) / f) ** 2

    return {term: weight(f) for term, f in frequency.items()}, weight(1)


def build_index(knowledge: list[dict]) -> Index:
    notes, documents = [], []
    for entry in knowledge:
        answer = strip_tool_lines(entry["a"]).strip()
        unique = list(dict.fromkeys(t for text in [answer, *entry["q"]] for t in terms(text)))
        documents.append(unique)
        source = Source(entry["q"][0] if entry["q"] else "", answer)
        notes.append(_Note(source, frozenset(unique), frozenset(terms(answer))))
    weights, unknown = term_weights(documents)
    return Index(notes, weights, unknown, {})


def _terms_of(text: str, index: Index) -> list[_Term]:
    """The text's unique terms, each compared once with the knowledge's whole vocabulary."""
    unique = list(dict.fromkeys(terms(text)))
    for term in unique:
        if term not in index.seen:
            index.seen[term] = _term(term, index)
    return [index.seen[term] for term in unique]


def _term(term: str, index: Index) -> _Term:
    """What the term weighs (a typo weighs what its closest knowledge term weighs) and what it may stand for."""
    similar, closest, closeness = [], None, 0.0
    for known in index.weights:
        similarity = term_similarity(term, known)
        if similarity <= 0:
            continue
        similar.append((known, similarity))
        if similarity > closeness:
            closest, closeness = known, similarity
    weight = index.weights.get(term)
    if weight is None:
        weight = index.unknown_weight if closest is None else index.weights[closest]
    return _Term(term, weight, similar)


def _added(said: list[_Term], asked: list[_Term]) -> list[_Term]:
    """The reply's terms the question did not already use (nor a typo of them), or all of them if none is left:
    the visitor's words said back are no evidence either way (the reasons are in grounding.ts)."""
    claims = [t for t in said if not any(term_similarity(t.term, word.term) > 0 for word in asked)]
    return claims or said


def _coverage(text: list[_Term], held: frozenset[str]) -> float:
    found = total = 0.0
    for term in text:
        best = 0.0
        for known, similarity in term.similar:
            if similarity > best and known in held:
                best = similarity
        found += term.weight * best
        total += term.weight
    return found / total if total else 0.0


def ground_reply(
    reply: str, index: Index, threshold: float = DEFAULT_GROUNDING_THRESHOLD, question: str = ""
) -> Grounding:
    """The best note's answer's support for what the reply adds to the question (and the lower of that and the
    note's cover of the question, when given)."""
    text = strip_tool_lines(reply).strip()
    if not text:
        return Grounding(False, False, 0.0, None)
    said = _terms_of(text, index)
    asked = _terms_of(question, index) if question.strip() else None
    claims = _added(said, asked) if asked is not None else said
    best, score = None, 0.0
    recited, recited_score = None, 0.0  # the note whose answer best supports the reply: a decline answer?
    for note in index.notes:
        supported = _coverage(claims, note.says)
        value = min(supported, _coverage(asked, note.terms)) if asked is not None else supported
        if value > score:
            best, score = note, value
        if supported > recited_score:
            recited, recited_score = note, supported
    opening, *rest = sentences(text) or [""]
    declined = declines(opening) and (
        not rest
        or (recited is not None and recited_score >= threshold and declines((sentences(recited.source.a) or [""])[0]))
    )
    grounded = not declined and best is not None and score >= threshold
    return Grounding(grounded, declined, score, best.source if best else None)
