"""Document tone, GDELT-style: the share of words that are positive and negative (in percent)
and their difference, counted with the VADER sentiment lexicon (shipped inside vaderSentiment)."""
from __future__ import annotations

import re
from functools import lru_cache

from communique.models import Tone

WORD = re.compile(r"[a-z][a-z'-]*")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().lexicon


def document_tone(text: str) -> Tone:
    words = WORD.findall(text.lower())
    if not words:
        return Tone(0.0, 0.0, 0.0)
    lexicon = _lexicon()
    positive = sum(1 for w in words if lexicon.get(w, 0.0) > 0)
    negative = sum(1 for w in words if lexicon.get(w, 0.0) < 0)
    pos, neg = 100.0 * positive / len(words), 100.0 * negative / len(words)
    return Tone(score=round(pos - neg, 2), positive=round(pos, 2), negative=round(neg, 2))
