"""Sentence boundaries the statistical parser misses in scraped news.

Runs before the parser and presets sentence starts, which the parser then respects:
* after a line break (paragraphs, headlines and captions are never one sentence with the next);
* where a photo caption is glued to the first sentence without a full stop
  ("... in New York on September 23 On September 23 at the UN ...").
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# Capitalised words that open a sentence but almost never appear capitalised mid-sentence
# right after a number or a lower-case word.
SENTENCE_OPENERS = frozenset(
    "On In At After Before During Since When While As Last Earlier Later Meanwhile However "
    "Following Amid Speaking According Three Two".split()
)


class SentenceBreaker:
    def __call__(self, doc: Doc) -> Doc:
        for i, token in enumerate(doc):
            if i == 0:
                continue
            prev = doc[i - 1]
            if token.is_space:
                continue
            if "\n" in prev.text or (prev.is_space and "\n" in prev.text_with_ws) or prev.whitespace_.count("\n"):
                token.is_sent_start = True
            elif self._glued_caption(doc, i):
                token.is_sent_start = True
            elif token.is_sent_start is None and i > 0:
                pass  # leave it to the parser
        return doc

    @staticmethod
    def _glued_caption(doc: Doc, i: int) -> bool:
        token, prev = doc[i], doc[i - 1]
        if token.text not in SENTENCE_OPENERS or i + 1 >= len(doc):
            return False
        # "... September 23 On September 23 ...": a number or lower-case word, then an opener.
        return (prev.like_num or prev.is_lower) and not prev.is_punct and i >= 4


@Language.factory("communique_sentences")
def make_sentence_breaker(nlp: Language, name: str) -> SentenceBreaker:
    return SentenceBreaker()
