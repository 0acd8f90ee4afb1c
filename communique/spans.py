"""Cheap access to a parsed Doc's text and entities.

spaCy rebuilds ``Doc.text`` from every token on each access, and ``Span.ents`` walks every entity
of the document; called once per sentence or per mention, both make coding quadratic in the
length of the article (a 2,000-sentence text took minutes). These helpers cost the size of the
span asked about.
"""
from __future__ import annotations

from spacy.attrs import ENT_IOB
from spacy.tokens import Doc, Span

TEXT_KEY = "communique_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (a Doc's text never changes after tokenization)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


_IOB_KEY = "communique_iob"
_B, _I = 3, 1  # ENT_IOB values of "B" and "I" ("" is 0, "O" is 2)


def _iob(doc: Doc) -> list[int]:
    """Every token's IOB tag as an int, read once per Doc (the coder never changes the entities)
    instead of building a Token for each tag it looks at."""
    column = doc.user_data.get(_IOB_KEY)
    if column is None or len(column) != len(doc):
        column = doc.user_data[_IOB_KEY] = doc.to_array([ENT_IOB]).tolist()
    return column


def ents_in(span: Span) -> list[Span]:
    """The named entities inside ``span`` (as ``span.ents``), read from the tokens' IOB tags."""
    doc = span.doc
    iob = _iob(doc)
    found = []
    i = span.start
    while i < span.end:
        if iob[i] == _B:
            end = i + 1
            while end < len(iob) and iob[end] == _I:
                end += 1
            if end <= span.end:
                found.append(Span(doc, i, end, label=doc[i].ent_type_))
            i = end
        else:
            i += 1
    return found


def entity_around(span: Span) -> Span | None:
    """The named entity holding all of ``span``, if there is one."""
    doc = span.doc
    iob = _iob(doc)
    start = span.start
    if start >= len(iob) or iob[start] not in (_B, _I):
        return None
    while start > 0 and iob[start] == _I:
        start -= 1
    end = start + 1
    while end < len(iob) and iob[end] == _I:
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_) if span.end <= end else None


def tokens_with(doc: Doc, attr: int, values) -> list:
    """The tokens whose ``attr`` (spacy.attrs ORTH, LOWER, ...) is one of these strings, in order,
    found from the attribute column at C speed instead of building every Token."""
    strings = doc.vocab.strings
    wanted = {strings[v] for v in values if v in strings}  # a string never stored is on no token
    if not wanted:
        return []
    return [doc[i] for i, value in enumerate(doc.to_array([attr]).tolist()) if value in wanted]
