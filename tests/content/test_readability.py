import math
import socket
from collections.abc import Iterator

import nltk
import pytest
import textstat.backend.counts._count_syllables as textstat_syllables

from service.content.readability import Formula, ReadingLevel, _statistics, measure, spanish_syllables


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
    # SMOG beside it: no word of three syllables or more, 1 sentence: 1.043 × √0 + 3.1291
    assert measure("The cat sat on the mat.", "en") == ReadingLevel(
        formula=Formula.FLESCH_KINCAID_GRADE, score=-1.4, smog=3.1
    )


def test_szigriszt_inflesz_of_a_known_text() -> None:
    # el·ga-to·co-me·pan: 4 words, 6 syllables, 1 sentence: 206.84 − 62.3 × 1.5 − 4 = 109.39
    assert measure("El gato come pan.", "es") == ReadingLevel(formula=Formula.SZIGRISZT_INFLESZ, score=109.4)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("una", 2),
        ("ahora", 3),
        ("país", 2),
        ("aéreo", 4),
        ("ciudad", 2),
        ("quimioterapia", 5),
        ("leucemia", 3),
        ("equipo", 3),
        ("día", 2),
        ("así", 2),
        ("oído", 3),
        ("ayudar", 3),
        ("creer", 2),
        ("poeta", 3),
        ("buey", 1),
        ("plaquetas", 3),
        ("transfusión", 3),
        ("neuroblastoma", 5),
    ],
)
def test_spanish_syllables_are_counted_by_a_spanish_syllabifier(word: str, syllables: int) -> None:
    assert spanish_syllables(word) == syllables


@pytest.mark.parametrize("token", ["yb", "yy", "y0", "yñ"])
def test_tokens_the_syllabifier_cannot_split_still_count(token: str) -> None:
    """silabeador raises on these (seen while fuzzing the lint API): they count by their vowels instead."""
    assert spanish_syllables(token) >= 1
    assert measure(f"Una {token} ahora.", "es") is not None


def test_spanish_texts_are_no_longer_flattered_by_hyphenation_patterns() -> None:
    # pyphen never splits one letter off a word's edge: "una ahora aéreo" counts 1 + 2 + 2, not 2 + 3 + 4.
    text = "Una ahora aéreo."
    hyphenated = _statistics("es").syllable_count(text)
    level = measure(text, "es")

    assert hyphenated == 5
    assert level is not None
    # 3 words, 9 syllables, 1 sentence: 206.835 − 62.3 × 3 − 3 = 16.9 (with pyphen's 5 it would read 96.3)
    assert level.score == 16.9


def _sentences_with_polysyllables(count: int) -> str:
    """Thirty sentences of four words or more, holding `count` words of three syllables ("elephant") between them."""
    per_sentence = [count // 30 + (1 if index < count % 30 else 0) for index in range(30)]
    return " ".join("The " + "elephant " * words + "dog sat there." for words in per_sentence)


@pytest.mark.parametrize(("polysyllables", "grade"), [(9, 6), (16, 7), (25, 8), (36, 9), (49, 10), (64, 11)])
def test_smog_follows_mclaughlins_formula_and_conversion_table(polysyllables: int, grade: int) -> None:
    """McLaughlin (1969): 1.0430 × √(polysyllables × 30 / sentences) + 3.1291; on 30 sentences his table gives
    grade 6 for 7–12 polysyllables, 7 for 13–20, 8 for 21–30, 9 for 31–42, 10 for 43–56, 11 for 57–72."""
    level = measure(_sentences_with_polysyllables(polysyllables), "en")

    assert level is not None
    assert level.smog == round(1.043 * math.sqrt(polysyllables) + 3.1291, 1)
    assert math.floor(level.smog) == grade


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
