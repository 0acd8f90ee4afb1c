"""communique: offline political event coding from news text.

    >>> import communique
    >>> coded = communique.code_text("Kazakh President Kassym-Jomart Tokayev met ...", published="2025-10-24")
"""
import os

# spaCy's small matrices run faster on one BLAS thread than on several (measured: bench/), and
# worker processes, not threads, are how communique uses more cores. A user's setting wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from communique.models import Actor, CodedDocument, Document, Event, Place, Quote, Tone  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Actor", "CodedDocument", "Document", "Event", "Place", "Quote", "Tone", "code_text", "code_documents"]


def code_text(text: str, **kwargs):
    """Code one text; keyword arguments are Document fields (published, title, url, id)."""
    from communique.pipeline import code_text as _code_text

    return _code_text(text, **kwargs)


def code_documents(documents, **kwargs):
    from communique.pipeline import code_documents as _code_documents

    return _code_documents(documents, **kwargs)
