"""Quotes: who said what. Direct quotes (straight or curly marks, several sentences, continued in
the next paragraph) and reported speech ("X said he would ..."), each tied to a speaker actor,
with the cue verb and the outlet or readout that relayed it ("Tengri news reported",
"according to the Kazakh readout").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from communique.actors import ActorRecord, DocActors
from communique.reference import TokenResolver
from communique.spans import doc_text, tokens_with

CUE_LEMMAS = frozenset(
    "say tell state add announce declare stress insist note warn write post tweet explain argue claim "
    "reply remark comment continue conclude affirm assert believe tell urge ask".split()
)
INDIRECT_CUES = frozenset("say tell state add announce declare stress insist note warn write claim assert believe argue".split())
VIA_NOUNS = frozenset("readout statement interview post address communique communiqué briefing broadcast report "
                      "message video letter".split())
OPENERS = {"“": "”", '"': '"', "«": "»"}
MIN_INDIRECT_WORDS = 4
MIN_DIRECT_WORDS = 5
WORD_RE = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(WORD_RE.findall(text))


@dataclass
class RawQuote:
    start: int
    end: int
    kind: str
    speaker: ActorRecord | None = None
    speaker_name: str | None = None
    cue: str | None = None
    via: str | None = None
    continues: bool = False  # runs on from the paragraph before (no closing mark there)


def find_direct_quotes(text: str) -> list[RawQuote]:
    """Spans inside quotation marks. A paragraph that ends inside a quote continues it in the next one."""
    quotes: list[RawQuote] = []
    pos = 0
    carry = False
    for para in re.split(r"(\n\s*\n)", text):
        if not para.strip() or para.startswith("\n"):
            pos += len(para)
            continue
        open_at: int | None = None
        closer = None
        starts_continued = carry
        carry = False
        for k, ch in enumerate(para):
            if open_at is None and ch in OPENERS:
                open_at, closer = k + 1, OPENERS[ch]
            elif open_at is not None and ch == closer:
                _add_quote(quotes, text, pos + open_at, pos + k, starts_continued and not quotes_in(quotes, pos))
                open_at = None
        if open_at is not None and len(para) - open_at > 20:
            _add_quote(quotes, text, pos + open_at, pos + len(para), False)
            carry = True
        pos += len(para)
    return quotes


def quotes_in(quotes: list[RawQuote], start: int) -> bool:
    return any(q.start >= start for q in quotes)


def _add_quote(quotes: list[RawQuote], text: str, start: int, end: int, continues: bool) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2:
        quotes.append(RawQuote(start, end, "direct", continues=continues))


class QuoteFinder:
    def __init__(self, actors: DocActors):
        self.actors = actors
        self.resolver = TokenResolver(actors)
        self.doc: Doc = actors.doc
        self.text = doc_text(self.doc)

    def __call__(self) -> list[RawQuote]:
        direct = find_direct_quotes(self.text)
        inside = [(q.start, q.end) for q in direct]
        previous: RawQuote | None = None
        for quote in direct:
            self._attribute_direct(quote, inside)
            if quote.speaker_name is None and previous is not None and previous.speaker_name is not None and \
                    (quote.continues or self._same_paragraph(previous, quote)):
                # '"...," he said. "..."' and a quote running on into the next paragraph: same speaker
                quote.speaker, quote.speaker_name, quote.cue = previous.speaker, previous.speaker_name, previous.cue
                quote.via = quote.via or previous.via
            previous = quote
        # scare quotes ("seven seven", "taken note") and quotes nobody can be found for are not quotes
        direct = [q for q in direct if q.speaker_name and (_words(self.text[q.start:q.end]) >= MIN_DIRECT_WORDS
                                                           or (self.text[q.end - 1:q.end] in ".,!?" and self.text[q.start].isupper()))]
        indirect = self._indirect(inside)
        return sorted(direct + indirect, key=lambda q: q.start)

    # direct ------------------------------------------------------------------------------------
    def _tokens(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _same_paragraph(self, a: RawQuote, b: RawQuote) -> bool:
        between = self.text[a.end:b.start]
        return "\n" not in between and len(between) < 200

    def _attribute_direct(self, quote: RawQuote, inside: list[tuple[int, int]]) -> None:
        span = self._tokens(quote.start, quote.end)
        if span is None:
            return
        sents = {span[0].sent.start: span[0].sent, span[-1].sent.start: span[-1].sent}
        tokens = [t for s in sents.values() for t in s]
        # a cue in the sentence after a quote that closes its sentence: "... at all.” he said."
        nxt = span[-1].sent.end
        if nxt < len(self.doc) and "\n" not in self.text[quote.end:self.doc[nxt].idx] and \
                not self.doc[nxt].is_punct and self.doc[nxt].text not in OPENERS:
            tokens += list(self.doc[nxt].sent)  # '"..." Then the cue as a sentence of its own.
        outside = [t for t in tokens if not any(s <= t.idx < e for s, e in inside)]
        speaker_tok, cue = self._cue(outside, span)
        if speaker_tok is None:
            return
        self._set_speaker(quote, speaker_tok, cue)
        quote.via = self._via(outside, quote.speaker)

    def _cue(self, tokens: list[Token], quote: Span) -> tuple[Token | None, Token | None]:
        """The speech verb for a quote and its subject: the verb whose clause holds the quote, else the nearest."""
        for tok in tokens:
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in CUE_LEMMAS:
                for clause in tok.children:
                    if clause.dep_ in ("ccomp", "dobj") and clause.left_edge.i <= quote.start and quote.end - 1 <= clause.right_edge.i + 1:
                        subj = self._speaker_token(tok, quote)
                        if subj is not None and not (quote.start <= subj.i < quote.end):
                            return subj, tok
        best = None
        for tok in tokens:
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                subj = next((p for c in tok.children if c.lower_ == "to" for p in c.children if p.dep_ == "pobj"), None)
            elif tok.pos_ in ("VERB", "AUX") and lemma in CUE_LEMMAS:
                subj = self._speaker_token(tok, quote)
            else:
                continue
            if subj is None or quote.start <= subj.i < quote.end:
                continue
            distance = min(abs(tok.i - quote.start), abs(tok.i - quote.end))
            if best is None or distance < best[0]:
                best = (distance, subj, tok)
        # the quote is itself the predicate of a clause: 'Zelensky “shared his view”'
        root = quote.root
        if root.pos_ == "VERB" and (best is None or best[0] > 3):
            subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
            if subj is not None and not (quote.start <= subj.i < quote.end):
                return subj, None
        return (best[1], best[2]) if best else (None, None)

    def _speaker_token(self, verb: Token, quote: Span | None = None) -> Token | None:
        from communique.syntax import subject_tokens

        subj = [t for t in subject_tokens(verb) if quote is None or not (quote.start <= t.i < quote.end)]
        return subj[0] if subj else None

    def _set_speaker(self, quote: RawQuote, speaker_tok: Token, cue: Token | None) -> None:
        found = self.resolver.resolve(speaker_tok, expand=False)
        if found:
            quote.speaker = found[0]
            quote.speaker_name = found[0].name
            if speaker_tok.pos_ == "NOUN" and found[0].type != "person":
                # "an EU spokesperson": the phrase names the speaker better than the body behind it
                words = [t for t in speaker_tok.subtree if t.i <= speaker_tok.i and t.dep_ not in ("det", "punct")]
                quote.speaker_name = " ".join(t.text for t in words)
        else:
            words = [t for t in speaker_tok.subtree if t.dep_ not in ("det", "punct") and t.i <= speaker_tok.i]
            quote.speaker_name = " ".join(t.text for t in words) or speaker_tok.text
        quote.cue = cue.text if cue is not None else None

    def _via(self, tokens: list[Token], speaker: ActorRecord | None) -> str | None:
        for tok in tokens:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in ("report", "say", "cite", "quote"):
                subj = self._speaker_token(tok)
                if subj is None:
                    continue
                found = self.resolver.resolve(subj, expand=False)
                if found and found[0] is not speaker and found[0].sector == "MED":
                    return found[0].name
            if tok.lower_ in ("according", "per") or (tok.lower_ == "in" and tok.dep_ == "prep"):
                for obj in tok.subtree:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in VIA_NOUNS:
                        words = [t.text for t in obj.subtree if t.dep_ not in ("det",) and t.i <= obj.i]
                        if tok.lower_ == "in" and obj.head.lower_ != "in":
                            continue
                        return " ".join(words)
        return None

    # reported speech ------------------------------------------------------------------------------
    def _according_to(self, inside: list[tuple[int, int]]) -> list[RawQuote]:
        """'According to X, the sanctions are largely symbolic': the rest of the sentence is X's."""
        out = []
        if "according" not in self.text.lower():
            return out  # most texts: no need to visit every token
        for tok in tokens_with(self.doc, LOWER, ("according",)):
            if not tok.is_sent_start and tok.i > 0 and self.doc[tok.i - 1].text != ",":
                continue
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            speaker = next((p for p in to.children if p.dep_ == "pobj"), None) if to is not None else None
            if speaker is None or speaker.lemma_.lower() in VIA_NOUNS:
                continue  # "according to the readout" relays someone else's words
            if any(t.pos_ == "VERB" and t.lemma_.lower() in INDIRECT_CUES and t.i != tok.i for t in tok.sent):
                continue  # "X said ..., according to Y": Y relays, X speaks
            sent = tok.sent
            phrase_end = max(t.i for t in tok.subtree) + 1
            rest = [t for t in sent if not (tok.i <= t.i < phrase_end) and not t.is_punct]
            if not rest or _words(" ".join(t.text for t in rest)) < MIN_INDIRECT_WORDS:
                continue
            start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
            if any(start <= s < end for s, e in inside):
                continue
            quote = RawQuote(start, end, "indirect")
            self._set_speaker(quote, speaker, tok)
            out.append(quote)
        return out

    def _identified(self, token: Token, speaker: ActorRecord | None) -> bool:
        if speaker is None or speaker.inferred:
            return False
        if token.pos_ == "PROPN" or speaker.type in ("person", "country", "organization") and speaker.specific:
            return True
        if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
            return False  # "his lawyer", "her spokesman"
        return speaker.sector not in ("CVL", "EDU", "NGO", "MED", "LAB", None)

    def _cut_before_quote(self, comp: Token, quote_start: int, start: int) -> int:
        """Reported speech that runs into a direct quote ends before the phrase holding the quote
        ("... arrested over Monday's unrest, which he blamed on "..."") -- or is dropped, when the
        quote carries the clause's own verb and is the record of it."""
        inner = self.doc.char_span(quote_start, quote_start + 1, alignment_mode="expand")
        if inner is None or comp.idx > quote_start:
            return start
        node = inner[0]
        while node.head.i != comp.i and node.head.i != node.i and node.i != comp.i:
            node = node.head
        if node.i == comp.i or node.dep_ not in ("relcl", "acl", "appos", "advcl", "prep", "conj"):
            return start
        end = node.left_edge.idx
        while end > start and not self.text[end - 1].isalnum():
            end -= 1
        return end

    def _indirect(self, inside: list[tuple[int, int]]) -> list[RawQuote]:
        out = self._according_to(inside)
        for tok in _tokens_with_lemma(self.doc, INDIRECT_CUES):
            if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in INDIRECT_CUES:
                continue
            comps = [c for c in tok.children if c.dep_ in ("ccomp",)]
            for comp in comps:
                tokens = [t for t in comp.subtree if not t.is_punct or t.text in ("-", "’", "'", "%")]
                tokens = [t for t in tokens if t.dep_ != "mark" or t.i != comp.left_edge.i]
                if len(tokens) < MIN_INDIRECT_WORDS:
                    continue
                if comp.lemma_.lower() in CUE_LEMMAS:
                    continue  # "..., Kazakhstan's Tengri news reported": a relay, not the content
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
                for s, e in inside:
                    if start < s - 1 < end:
                        end = self._cut_before_quote(comp, s, start)
                        break
                while end > start and not self.text[end - 1].isalnum():
                    end -= 1
                if any(s - 1 <= start < e + 1 for s, e in inside) or _words(self.text[start:end]) < MIN_INDIRECT_WORDS:
                    continue
                quote = RawQuote(start, end, "indirect")
                speaker = self._speaker_token(tok)
                if speaker is None:
                    continue
                self._set_speaker(quote, speaker, tok)
                if not self._identified(speaker, quote.speaker):
                    continue  # reported speech needs a speaker the words identify, not "residents" or "his lawyer"
                sent = [t for t in tok.sent]
                quote.via = self._via(sent, quote.speaker)
                out.append(quote)
        return out


def _tokens_with_lemma(doc: Doc, lemmas: frozenset[str]):
    """The tokens whose lemma is one of these, found from the lemma column at C speed: most texts
    have a few cue verbs among thousands of tokens."""
    from spacy.attrs import LEMMA

    wanted = {doc.vocab.strings[form] for lemma in lemmas for form in (lemma, lemma.capitalize())
              if form in doc.vocab.strings}
    column = doc.to_array([LEMMA])
    return [doc[i] for i, value in enumerate(column.tolist()) if value in wanted]
