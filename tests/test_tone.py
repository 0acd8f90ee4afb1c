"""Document tone: percentages of positive and negative words (VADER word list), score = positive - negative."""
import pytest

from communique.tone import document_tone

POSITIVE = "The leaders praised the successful talks and welcomed a generous new aid agreement that brings hope."
NEGATIVE = "Troops killed dozens of civilians in a brutal attack, and angry residents condemned the violence."


def test_positive_text_scores_above_zero():
    tone = document_tone(POSITIVE)
    assert tone.score > 0 and tone.positive > 0 and tone.negative == 0


def test_negative_text_scores_below_zero():
    tone = document_tone(NEGATIVE)
    assert tone.score < 0 and tone.negative > 0 and tone.positive == 0


def test_score_is_positive_minus_negative_in_percent():
    tone = document_tone(POSITIVE + " " + NEGATIVE)
    assert 0 < tone.positive < 100 and 0 < tone.negative < 100
    assert tone.score == pytest.approx(tone.positive - tone.negative, abs=0.01)


@pytest.mark.parametrize("text", ["", "   \n\n", "2024 12 45", "The committee met on Tuesday."])
def test_empty_or_neutral_text_is_zero(text):
    assert (document_tone(text).score, document_tone(text).positive, document_tone(text).negative) == (0, 0, 0)


def test_coded_document_carries_its_tone(coder):
    assert coder(NEGATIVE).coded.tone.score < 0 < coder(POSITIVE).coded.tone.score
