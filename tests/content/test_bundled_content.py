"""The answers shipped in variants/ meet every rule, and the first one has what the issue asks of it."""

from pathlib import Path

import pytest

from service.content.catalog import Catalog
from service.content.citation_refs import citations_by_line
from service.content.claim_rules import parity, stated_claims
from service.content.claims import ClaimKind
from service.content.gate import check_content
from service.content.model import Audience, ReviewStatus
from tests.helpers import SECTIONS
from tests.helpers.catalogs import load_catalog

SLUG = "palliative-neuroblastoma"


def load(bundled_content: Path) -> Catalog:
    loaded = load_catalog(bundled_content)
    assert loaded.problems == ()
    return loaded.catalog


def test_bundled_content_passes_every_rule_with_no_warning(bundled_content: Path) -> None:
    checked = check_content(bundled_content)  # what `tailor check` and the server's gate run
    rows = checked.rows

    assert checked.problems == ()
    family_rows = [row for row in rows if row.audience is Audience.FAMILY]
    assert family_rows
    assert all(row.passed and row.verdict == "ok" for row in family_rows)


def test_first_answer_is_written_three_times_in_english_and_spanish(bundled_content: Path) -> None:
    answer = load(bundled_content).answers[SLUG]

    assert set(answer.variants) == {(locale, audience) for locale in ("en", "es") for audience in Audience}
    assert set(answer.metadata.question) == {"en", "es"}
    assert answer.metadata.sections == SECTIONS


def test_first_answer_is_unreviewed_with_sources_described_not_invented(bundled_content: Path) -> None:
    metadata = load(bundled_content).answers[SLUG].metadata

    assert metadata.review.status is ReviewStatus.SUBMITTED
    assert metadata.review.reviewed_on is None
    assert [citation.number for citation in metadata.citations] == [1, 2, 3, 4, 5]
    for citation in metadata.citations:
        assert (citation.authors, citation.journal, citation.year) == ((), None, None)
        assert (citation.pmid, citation.doi, citation.url) == (None, None, None)
    # Readers see related answers only as links, and Tailor has no other answer yet: none is listed.
    assert metadata.related == ()
    # The source answer names its publisher's board; nobody has reviewed this answer, so none is named.
    assert metadata.review.board is None
    # Described by what the source answer says each reported, never by a kind of publication it does not give.
    for word in ("Study", "Review of", "Retrospective", "Guidance", "Report on"):
        assert not any(citation.description.startswith(word) for citation in metadata.citations)


def test_the_clinician_text_carries_the_regimen_radiotherapy_and_survival_figures(bundled_content: Path) -> None:
    clinician = load(bundled_content).answers[SLUG].variant("en", Audience.CLINICIAN)
    assert clinician is not None
    chemotherapy = clinician.sections["chemotherapy"].body
    radiotherapy = clinician.sections["radiotherapy"].body
    caveats = clinician.sections["caveats"].body

    for figure in ("1.5 mg/m²", "5 days", "2 mg/m²", "45 mg/m²", "48-hour", "every 3 weeks", "0.75 mg/m²", "64%"):
        assert figure in chemotherapy
    for figure in ("19.6 Gy", "84.2%", "17.6 Gy", "63.2%", "17 Gy", "44%", "5 Gy", "p = 0.038"):
        assert figure in radiotherapy
    # Survival, from a cohort chosen for end-of-life radiotherapy, in one place and said to be that cohort's.
    for figure in ("29.5 days", "27–43 days", "30 days", "weeks to months"):
        assert figure in caveats
    assert "does not describe children who start palliative chemotherapy" in caveats


def test_every_audience_cites_in_the_same_numbering(bundled_content: Path) -> None:
    answer = load(bundled_content).answers[SLUG]
    cited_by_variant = {
        key: {number for section in variant.sections.values() for _, number in citations_by_line(section.body)}
        for key, variant in answer.variants.items()
    }

    assert all(cited <= {1, 2, 3, 4, 5} for cited in cited_by_variant.values())
    assert cited_by_variant["en", Audience.CLINICIAN] == {1, 2, 3, 4, 5}
    assert cited_by_variant["es", Audience.CLINICIAN] == {1, 2, 3, 4, 5}


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        # A median is not an average; "none published" is not what the source says; nobody said TVD is
        # used most often; the study counted treated sites, not children.
        ("en", ["on average", "has been published", "exists;", "used most often", "most children who get it"]),
        # Neutral Spanish: neither Spain's nor one region of Latin America's words; "el año pasado" is
        # the last calendar year, not the last 12 months.
        (
            "es",
            [
                "de media",
                "el año pasado",
                "último 1 año",
                "hematíes",
                "ictus",
                "achicar",
                "chico",
                "qué tan",
                "más usad",
            ],
        ),
    ],
)
def test_the_corrected_wording_stays_corrected(bundled_content: Path, locale: str, phrases: list[str]) -> None:
    answer = bundled_content / "palliative-neuroblastoma"
    texts = [path.read_text(encoding="utf-8").lower() for path in (answer / locale).glob("*.md")]
    texts.append((answer / "answer.toml").read_text(encoding="utf-8").lower() if locale == "es" else "")

    assert [phrase for phrase in phrases if any(phrase in text for text in texts)] == []


def test_every_claim_is_sourced_and_carried_where_the_rules_require_it(bundled_content: Path) -> None:
    answer = load(bundled_content).answers[SLUG]
    claims, problems, _ = stated_claims(answer)
    by_claim = {entry.claim.id: entry for entry in parity(answer)}

    assert problems == []
    assert len(claims) >= 40
    # Every kind a lay text must carry is there, and every general-practice addition says so.
    assert {claim.kind for claim in claims.values()} == set(ClaimKind) - {ClaimKind.CONTRAINDICATION}
    practice = {claim.id for claim in claims.values() if claim.source == "practice"}
    assert {"vesicants", "extravasation", "fever-emergency", "transfusion-reaction", "mibg-isolation"} <= practice
    assert claims["mibg-response"].source == (3,)  # the radiation-protection clause is no longer under [3]
    # No text misses a claim it must carry, and the other clinician text carries every one.
    assert all(carrying.status == "carried" for entry in by_claim.values() for carrying in entry.carried.values())
    assert all("es/clinician" in entry.carried for entry in by_claim.values())
    # What families most need to know, in both languages.
    for claim_id in ("survival", "poor-prognosis", "fever-emergency", "warning-signs", "comfort-not-giving-up"):
        assert {"en/family", "es/family"} <= set(by_claim[claim_id].carried), claim_id


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # An invented method ("the series counted treated sites, not patients"), copied into every audience.
        ("en/clinician.md", "counted"),
        ("en/nurse.md", "counted"),
        ("en/family.md", "counted"),
        ("es/clinician.md", "contó"),
        ("es/nurse.md", "contó"),
        ("es/family.md", "contó"),
        # Reassurances and provenance no clinician text supports.
        ("en/family.md", "does not hurt"),
        ("es/family.md", "No duele"),
        ("en/family.md", "doctors checked"),
        ("es/family.md", "consultaron los médicos"),
        ("en/family.md", "in the hospital"),
        ("en/family.md", "short course"),
        ("es/family.md", "tanda corta"),
        # A prognosis from an end-of-life radiotherapy cohort said of every child.
        ("en/family.md", "It is often weeks to months"),
        ("es/family.md", "A menudo son semanas o meses"),
        # Fever weakened for nurses.
        ("en/nurse.md", "as urgent"),
        ("es/nurse.md", "fiebre es urgente"),
    ],
)
def test_what_the_clinical_read_found_wrong_is_gone(bundled_content: Path, text: str, absent: str) -> None:
    assert absent not in (bundled_content / SLUG / text).read_text(encoding="utf-8")
