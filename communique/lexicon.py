"""The event lexicon: verb and noun patterns (data/verbs.tsv, data/nouns.tsv) and the theme
mirror (data/themes.tsv) that turns an act into the CAMEO code for appealing for it, intending
it, demanding it, rejecting it or threatening it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from communique import codebook
from communique.datafiles import read_table

PARTICLES = frozenset("down out off up back over away aside".split())
PREPOSITIONS = frozenset("on upon with for against to into from of at in about between by".split())
TARGETS = frozenset({"auto", "dobj", "prep", "dative", "place", "none", "theme"})  # theme: never coded alone
FAMILIES = ("appeal", "intent", "demand", "reject", "threaten")
FAMILY_OF_ROOT = {"02": "appeal", "03": "intent", "10": "demand", "12": "reject", "13": "threaten"}


@dataclass(frozen=True)
class Pattern:
    lemma: str
    pos: str  # verb | noun
    code: str
    theme: str | None = None
    target: str = "auto"
    particle: str | None = None
    prep: str | None = None
    objects: frozenset[str] = frozenset()  # dobj lemmas (verbs) or modifier lemmas (nouns)
    pobjects: frozenset[str] = frozenset()  # lemmas the preposition's object must have
    text: str = ""

    @property
    def specificity(self) -> int:
        return (self.particle is not None) + (self.prep is not None) + 2 * bool(self.objects) + bool(self.pobjects)

    @property
    def family(self) -> str | None:
        """Frame verbs (appeal, intend, demand, reject, threaten) take their sub-code from a complement."""
        return FAMILY_OF_ROOT.get(self.code[:2]) if self.theme else None


def parse_pattern(text: str, pos: str, code: str, theme: str | None, target: str) -> Pattern:
    """'crack down on' / 'claim [responsibility] for' / 'take to [street]' / '[air|drone] strike'."""
    tokens = text.replace("[", " [").replace("]", "] ").split()
    if pos == "noun":
        mods = frozenset()
        words = []
        for tok in tokens:
            if tok.startswith("["):
                mods = frozenset(tok.strip("[]").split("|"))
            else:
                words.append(tok)
        lemma, prep = words[0], (words[1] if len(words) > 1 and words[1] in PREPOSITIONS else None)
        return Pattern(lemma, pos, code, theme, target, None, prep, mods, frozenset(), text)
    lemma, rest = tokens[0], tokens[1:]
    particle = prep = None
    objects: frozenset[str] = frozenset()
    pobjects: frozenset[str] = frozenset()
    for tok in rest:
        if tok.startswith("["):
            values = frozenset(tok.strip("[]").split("|"))
            if prep:
                pobjects = values
            else:
                objects = values
        elif tok in PARTICLES and prep is None and not objects:
            particle = tok
        elif tok in PREPOSITIONS:
            prep = tok
        elif tok in PARTICLES:
            particle = tok
        else:
            raise ValueError(f"cannot read pattern {text!r}: unexpected {tok!r}")
    return Pattern(lemma, pos, code, theme, target, particle, prep, objects, pobjects, text)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Pattern, ...]]
    nouns: dict[str, tuple[Pattern, ...]]
    themes: dict[str, dict[str, str]]

    def themed_code(self, theme: str | None, family: str) -> str:
        row = self.themes.get(theme or "general") or self.themes["general"]
        return row[family]


def _load(name: str, pos: str) -> dict[str, tuple[Pattern, ...]]:
    table: dict[str, list[Pattern]] = defaultdict(list)
    for row in read_table(name):
        code = row["code"]
        if not codebook.is_code(code):
            raise ValueError(f"{name}: {row['pattern']!r} has unknown CAMEO code {code!r}")
        target = row.get("target") or "auto"
        if target not in TARGETS:
            raise ValueError(f"{name}: {row['pattern']!r} has unknown target {target!r}")
        pattern = parse_pattern(row["pattern"], pos, code, row.get("theme") or None, target)
        table[pattern.lemma].append(pattern)
    return {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in table.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    themes = {row["theme"]: {f: row[f] for f in FAMILIES} for row in read_table("themes.tsv")}
    for theme, row in themes.items():
        for family, code in row.items():
            if not codebook.is_code(code):
                raise ValueError(f"themes.tsv: {theme}/{family} has unknown CAMEO code {code!r}")
    lex = Lexicon(_load("verbs.tsv", "verb"), _load("nouns.tsv", "noun"), themes)
    for table in (lex.verbs, lex.nouns):
        for patterns in table.values():
            for p in patterns:
                if p.theme and p.theme not in themes:
                    raise ValueError(f"pattern {p.text!r} names unknown theme {p.theme!r}")
    return lex
