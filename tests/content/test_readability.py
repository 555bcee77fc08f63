import socket
from collections.abc import Iterator

import nltk
import pytest
import textstat.backend.counts._count_syllables as textstat_syllables

from service.content.readability import Formula, ReadingLevel, _statistics, measure


@pytest.fixture
def no_downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if anything tries NLTK's downloader, its data lookup or the network."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("readability tried to download or look up NLTK data")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    textstat_syllables.count_syllables.cache_clear()
    yield
    textstat_syllables.count_syllables.cache_clear()


@pytest.mark.usefixtures("no_downloads")
def test_english_syllables_come_from_the_shipped_cmu_dictionary() -> None:
    # The hyphenation fallback counts two syllables in "camera" and "every"; the CMU dictionary three.
    english = _statistics("en")

    assert english.syllable_count("camera") == 3
    assert english.syllable_count("every") == 3


@pytest.mark.usefixtures("no_downloads")
def test_flesch_kincaid_grade_of_a_known_text() -> None:
    # 6 words, 1 sentence, 6 syllables: 0.39 × 6 + 11.8 × 1 − 15.59 = −1.45
    assert measure("The cat sat on the mat.", "en") == ReadingLevel(formula=Formula.FLESCH_KINCAID_GRADE, score=-1.4)


def test_szigriszt_inflesz_of_a_known_text() -> None:
    # el·ga-to·co-me·pan: 4 words, 6 syllables, 1 sentence: 206.84 − 62.3 × 1.5 − 4 = 109.39
    assert measure("El gato come pan.", "es") == ReadingLevel(formula=Formula.SZIGRISZT_INFLESZ, score=109.4)


def test_regional_locales_use_their_language_formula() -> None:
    assert measure("El gato come pan.", "es-MX") == measure("El gato come pan.", "es")


@pytest.mark.parametrize(
    ("easy", "hard", "locale"),
    [
        (
            "Your child may feel tired. Rest helps. Call us if you are worried.",
            "Cumulative anthracycline-associated cardiotoxicity necessitates longitudinal echocardiographic "
            "surveillance throughout subsequent chemotherapeutic administration.",
            "en",
        ),
        (
            "Su hijo puede estar cansado. Descansar ayuda. Llame si tiene dudas.",
            "La cardiotoxicidad acumulativa asociada a antraciclinas exige una vigilancia ecocardiográfica "
            "longitudinal durante la administración quimioterápica subsiguiente.",
            "es",
        ),
    ],
)
def test_plain_language_scores_easier_than_jargon(easy: str, hard: str, locale: str) -> None:
    easy_level, hard_level = measure(easy, locale), measure(hard, locale)

    assert easy_level is not None
    assert hard_level is not None
    if easy_level.formula.higher_is_easier:
        assert easy_level.score > 65 > hard_level.score
    else:
        assert easy_level.score < 6 < hard_level.score


def test_languages_without_a_formula_and_empty_texts_are_not_measured() -> None:
    assert measure("Le chat est sur le tapis.", "fr") is None
    assert measure("   ", "en") is None
