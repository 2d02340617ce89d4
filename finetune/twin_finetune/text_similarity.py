"""A line-for-line port of src/knowledge/words.ts and src/knowledge/text-similarity.ts, so the eval scores
grounding exactly as the browser does (test/fixtures/grounding-cases.json proves it). Change both or neither."""

from __future__ import annotations

import unicodedata

STOP_WORDS = frozenset(
    "a an the and or but of to in on at for with from by as into is are am was were be been being do does did "
    "i me my mine we us our it its this that these those there here so if then than too very just really "
    "s t d ll m re ve can could would should will shall may might must have has had get got please tell "
    "some any much many thing things kind sort bit lot you your yours yourself u ur r pls plz".split(" ")
)

CONCEPT_GROUPS = (
    "talk speak spoken speaker present presentation conference keynote lecture",
    "job role career occupation employer",
    "study degree university uni college major",
    "code coding program programming programmer developer",
    "write wrote written writing blog post article essay musing",
    "book novel",
    "live home based reside city",
    "contact email mail reach touch",
    "favourite favorite best prefer",
    "hobby fun spare",
    "hike hiking walk walking trek",
    "build built make made create",
    "show see look view browse",
    "hardware gadget electronics device",
    "freelance contract consult consulting hire",
    "start begin began",
    "nervous scary scared afraid anxious",
    "family mum mom mother dad father parent brother sister",
    "partner married single spouse husband wife relationship",
    "password login credential",
    "team colleague coworker",
    "office remote remotely",
    "music sound audio song",
    "money pay salary earn income",
)


def words(text: str) -> list[str]:
    """Lower case, accents folded, split on anything that is not a letter or a digit (as words.ts)."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.category(c).startswith("M")
    ).lower()
    found, current = [], []
    for c in folded:
        if unicodedata.category(c)[0] in "LN":
            current.append(c)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def stem_word(word: str) -> str:
    if len(word) > 4 and (word.endswith("ies") or word.endswith("ied")):
        return word[:-3] + "y"
    for suffix in ("ation", "ing", "ed", "es", "s", "ly"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _concepts() -> dict[str, str]:
    concepts: dict[str, str] = {}
    for group in CONCEPT_GROUPS:
        members = [stem_word(w) for w in group.split(" ")]
        for member in members:
            concepts[member] = members[0]
    return concepts


CONCEPTS = _concepts()


def terms(text: str) -> list[str]:
    """The stemmed content words; all words when the text is nothing but stop words."""
    all_words = words(text)
    content = [w for w in all_words if w not in STOP_WORDS]
    return [fold(stem_word(w)) for w in (content or all_words)]


def fold(term: str) -> str:
    concept = CONCEPTS.get(term)
    if concept is not None or len(term) < 5:
        return concept if concept is not None else term
    for word, group in CONCEPTS.items():
        if term_similarity(word, term) > 0:
            return group
    return term


def term_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    if longest < 4 or min(len(a), len(b)) < 3:
        return 0.0
    allowed = 2 if longest >= 8 else 1
    distance = edit_distance(a, b, allowed)
    return 1 - distance / longest if distance <= allowed else 0.0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, giving up once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i]
        row_min = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current.append(value)
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        before, previous = previous, current
    return previous[len(b)]
