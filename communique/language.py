"""Which language a text is in, without a model: function words for the languages news often
arrives in, and the script for languages that have one of their own. Anything unrecognised is
'und' (undetermined), never 'en': only English is coded.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
# Frequent function words per language: enough to tell English from the languages news often
# arrives in, without a model. Anything unrecognised is 'und' (undetermined), never 'en'.
_FUNCTION_WORDS = {
    "en": "the of and to in a is that for on with as by at from was were said has have it its be an are this "
          "which not but or will would after their they he she his her",
    "de": "der die das und ist nicht mit den von zu im dem des ein eine sich auf für wurde auch",
    "fr": "le la les et des est une un dans du pour que qui sur pas par au avec ont été",
    "es": "el la los las y que del en un una por con para se es al lo como más fue",
    "pt": "o os as e do da dos das que em um uma para com não por foi ao se",
    "it": "il lo gli la le e di che è per un una del della con non sono nel alla",
    "tr": "ve bir bu da de ile için olarak daha çok ama gibi olan en ise",
    "ru": "и в не на что с по как это он из за к но от для был она",
    "uk": "і в не на що з та до як це від за але його для був вона",
    "ar": "في من على إلى أن عن مع التي الذي هذا هذه كان بين بعد قبل",
    "fa": "و در به از که این را با است برای آن یک می شد",
}
_WORD_SETS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language whose function words are most common; 'und' when none stands out.

    Short Latin-script passages without function words (headlines, 'X undertook mediation
    mission between Y and Z') are taken as English; other scripts without them are 'und'.
    """
    sample = text[:20000]
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) >= 8:
        counts = Counter(words)  # each distinct word looked up once per language, not each occurrence
        shares = {lang: sum(n for w, n in counts.items() if w in vocab) / len(words) for lang, vocab in _WORD_SETS.items()}
        best = max(shares, key=shares.get)
        if shares[best] >= 0.08:
            return best
    letters = [ch for ch in sample if ch.isalpha()]
    latin = sum(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in letters)
    if latin < 0.8 * len(letters):
        return _by_script(letters)
    return "en" if len(words) < 40 else "und"


# Scripts written by one language (or, for Han, one language far more often than any other in news).
# Kana before Han: Japanese mixes both.
_SCRIPTS = (("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("HANGUL", "ko"), ("CJK", "zh"), ("GREEK", "el"),
            ("HEBREW", "he"), ("THAI", "th"), ("GEORGIAN", "ka"), ("ARMENIAN", "hy"), ("DEVANAGARI", "hi"))


def _by_script(letters: list[str]) -> str:
    """The language of the script most of the letters are in, when that script says it."""
    counts: dict[str, int] = {}
    for ch in letters[:5000]:
        name = unicodedata.name(ch, "")
        for script, language in _SCRIPTS:
            if name.startswith(script) or f" {script} " in f" {name} ":
                counts[language] = counts.get(language, 0) + 1
                break
    if counts.get("ja"):
        return "ja"
    best = max(counts, key=counts.get, default=None)
    return best if best is not None and counts[best] >= 0.5 * len(letters[:5000]) else "und"
