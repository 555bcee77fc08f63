"""What the rules require of claims: sourced in the clinician text, carried by the texts written from it.

1. Every `dose`, `red-flag`, `contraindication` and `prognosis` claim of an English clinician section is
   carried by the nurse text's section of the same id; every `red-flag`, `contraindication` and
   `prognosis` claim by the family text's too; every claim by the clinician texts of other locales.
2. A figure in a nurse or family text must be stated by a claim that its sentence carries: by that
   claim's statement in the clinician text of the same locale (else in the English one).
3. Unknown claim ids, repeated ids, claims without a kind or a source, and sources naming citations
   that answer.toml does not define are errors, each at its file and line.

An answer whose English clinician text marks no claim yet is held to none of this: it gets one warning
(`claims-not-marked`) instead, which `tailor check --strict-claims` (and `TAILOR_STRICT_CLAIMS`) make an
error — so answers written before claims existed stay served while their publisher marks them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

import msgspec

from service.content.citation_refs import CITATION_REF, cited_numbers
from service.content.claims import PRACTICE, ClaimKind, Marker, markers_in, without_markers
from service.content.model import DEFAULT_LOCALE, Answer, Audience, SectionText, Variant
from service.content.problems import Problem, Rule, Severity
from service.content.quantities import figures, figures_at
from service.structs import Record

__all__ = [
    "REQUIRED_KINDS",
    "Carrying",
    "Claim",
    "ClaimParity",
    "ParityStatus",
    "carried_ids",
    "check_claims",
    "claims_changed",
    "parity",
    "stated_claims",
]

REQUIRED_KINDS: dict[Audience, frozenset[ClaimKind]] = {
    Audience.NURSE: frozenset({ClaimKind.DOSE, ClaimKind.RED_FLAG, ClaimKind.CONTRAINDICATION, ClaimKind.PROGNOSIS}),
    Audience.FAMILY: frozenset({ClaimKind.RED_FLAG, ClaimKind.CONTRAINDICATION, ClaimKind.PROGNOSIS}),
    Audience.CLINICIAN: frozenset(ClaimKind),
}
"""The kinds of claim each audience's text must carry (the clinician texts of other locales: every kind)."""


class Claim(Record):
    """One claim, as the English clinician text states it."""

    id: str
    kind: ClaimKind
    section: str
    source: tuple[int, ...] | Literal["practice"]
    statement: str
    line: int
    """The line of the English clinician text on which the statement starts."""


def stated_claims(answer: Answer) -> tuple[dict[str, Claim], list[Problem], set[str]]:
    """The claims the English clinician text states, by id; what is wrong with them; every id it states.

    A claim whose source is wrong is still a claim (with no source), and one whose kind is wrong still an
    id the other texts may carry: one mistake is reported once, not again at every text that carries it.
    """
    clinician = answer.variant(DEFAULT_LOCALE, Audience.CLINICIAN)
    claims: dict[str, Claim] = {}
    problems: list[Problem] = []
    ids: set[str] = set()
    if clinician is None:
        return claims, problems, ids
    defined = {citation.number for citation in answer.metadata.citations}
    for section, marker, line in _markers(clinician):
        if marker.verb != "claim":
            continue
        claim_id = marker.ids[0]
        where = f"claim `{claim_id}`"
        if claim_id in ids:
            problems.append(_problem(clinician, line, f"{where} is already stated earlier in this text"))
            continue
        ids.add(claim_id)
        kind = _kind(marker.kind)
        if kind is None:
            allowed = ", ".join(f"`{known}`" for known in ClaimKind)
            written = f"`kind={marker.kind}` is not one" if marker.kind else "it has no `kind`"
            problems.append(_problem(clinician, line, f"{where}: {written} of {allowed}"))
            continue
        source, trouble = _source(marker, marker.statement(section.body), defined)
        if trouble is not None:
            problems.append(_problem(clinician, line, f"{where}: {trouble}"))
        claims[claim_id] = Claim(
            id=claim_id,
            kind=kind,
            section=section.id,
            source=source,
            statement=marker.statement(section.body),
            line=line,
        )
    return claims, problems, ids


def check_claims(answer: Answer) -> list[Problem]:
    """Every claim finding of one answer (see the module's docstring for the rules)."""
    claims, problems, ids = stated_claims(answer)
    for variant in answer.variants.values():
        problems.extend(_marker_problems(variant))
    if not ids:
        return [*problems, _not_marked(answer), *_unknown_ids(answer, ids)]
    problems.extend(_unknown_ids(answer, ids))
    problems.extend(_waiver_problems(answer, claims))
    for variant in answer.variants.values():
        found: list[Problem] = []
        if (variant.locale, variant.audience) != (DEFAULT_LOCALE, Audience.CLINICIAN):
            found.extend(_not_carried(answer, variant, claims))
        if variant.audience is not Audience.CLINICIAN:
            found.extend(_figures_not_carried(answer, variant, claims))
        problems.extend(_catching_up(found) if variant.behind else found)
    return problems


def _catching_up(problems: list[Problem]) -> list[Problem]:
    """A text written before its source's newest revision: what it misses is to catch up on, not a refusal.

    Otherwise a clinician text could never gain a claim: the texts written from it cannot carry a claim
    before it exists, and a write that left them not carrying it would be refused.
    """
    return [
        msgspec.structs.replace(
            problem,
            severity=Severity.WARNING,
            message=f"{problem.message} (this text was written against an older revision of its source: update it)",
        )
        for problem in problems
    ]


def _waiver_problems(answer: Answer, claims: dict[str, Claim]) -> Iterator[Problem]:
    """Waivers that waive nothing: of a claim that is not stated, or that the text need not carry anyway."""
    for index, waiver in enumerate(answer.metadata.waivers):
        claim = claims.get(waiver.claim)
        if claim is None:
            message = f"waiver of claim `{waiver.claim}`, which the English clinician text does not state"
        elif claim.kind not in REQUIRED_KINDS[waiver.audience]:
            message = f"waiver of {claim.kind} claim `{claim.id}`: a {waiver.audience} text need not carry it anyway"
        else:
            continue
        yield Problem(
            file=answer.metadata_file,
            line=answer.waiver_lines[index] if index < len(answer.waiver_lines) else 1,
            rule=Rule.CLAIM,
            message=message,
            severity=Severity.WARNING,
        )


def _markers(variant: Variant) -> Iterator[tuple[SectionText, Marker, int]]:
    """(section, marker, file line of the statement) for every marker of a text, in order."""
    for section in variant.sections.values():
        for marker in markers_in(section.body):
            yield section, marker, section.body_line + section.body.count("\n", 0, marker.statement_start)


def _marker_problems(variant: Variant) -> Iterator[Problem]:
    """Markers that do not read, and markers of the wrong verb for the text they are in."""
    states = (variant.locale, variant.audience) == (DEFAULT_LOCALE, Audience.CLINICIAN)
    for section, marker, line in _markers(variant):
        at = section.body_line + section.body.count("\n", 0, marker.start)
        if marker.error is not None:
            yield _problem(variant, at, marker.error)
        elif marker.verb == "carries" and states:
            yield _problem(
                variant, at, "the English clinician text states claims (`{claim=id kind=…}`); it carries none"
            )
        elif marker.verb == "claim" and not states:
            message = (
                f"claim `{marker.ids[0]}` is stated here, but only the English clinician text states claims: "
                f"carry it with `{{carries={marker.ids[0]}}}`"
            )
            yield _problem(variant, line, message)


def _unknown_ids(answer: Answer, claims: set[str]) -> list[Problem]:
    found = [
        (
            variant,
            _problem(
                variant,
                line,
                f"carries claim `{claim_id}`, which the English clinician text does not state"
                + (f" (it states: {_listed(claims)})" if claims else " (it marks no claims yet)"),
            ),
        )
        for variant in answer.variants.values()
        for _, marker, line in _markers(variant)
        if marker.verb == "carries" and marker.error is None
        for claim_id in marker.ids
        if claim_id not in claims
    ]
    # A claim removed from the clinician text is still carried by the texts written before: theirs to update.
    return [problem for variant, problem in found if not variant.behind] + _catching_up(
        [problem for variant, problem in found if variant.behind]
    )


def _not_carried(answer: Answer, variant: Variant, claims: dict[str, Claim]) -> Iterator[Problem]:
    """Rule 1: the claims of the kinds this text must carry, missing from its section of the same id."""
    carried: dict[str, set[str]] = {}
    for written, marker, _ in _markers(variant):
        if marker.verb == "carries":
            carried.setdefault(written.id, set()).update(marker.ids)
    required = REQUIRED_KINDS[variant.audience]
    for claim in claims.values():
        section = variant.sections.get(claim.section)
        if claim.kind not in required or section is None or claim.id in carried.get(claim.section, set()):
            continue
        if (claim.id, variant.audience, variant.locale) in answer.waived:
            continue
        elsewhere = [section_id for section_id, ids in carried.items() if claim.id in ids]
        who = (
            f"the clinician text in `{variant.locale}` carries every claim"
            if variant.audience is Audience.CLINICIAN
            else f"a {variant.audience} text carries every {_kinds(required)} claim"
        )
        message = (
            f"section `{claim.section}` does not carry {claim.kind} claim `{claim.id}` (English clinician "
            f"text, line {claim.line}): {who} of its section, with `{{carries={claim.id}}}`"
        )
        if elsewhere:
            message += f"; it is carried in section {', '.join(f'`{other}`' for other in elsewhere)}"
        if any(
            (waiver.claim, waiver.audience, waiver.locale) == (claim.id, variant.audience, variant.locale)
            for waiver in answer.metadata.waivers
        ):
            message += "; its waiver takes effect once someone other than its author approves the metadata"
        yield _problem(variant, section.location.line, message, rule=Rule.CLAIM_NOT_CARRIED)


def _figures_not_carried(answer: Answer, variant: Variant, claims: dict[str, Claim]) -> Iterator[Problem]:
    """Rule 2: each figure of a nurse or family sentence, stated by a claim the sentence carries."""
    statements = _statements_by_claim(answer, variant.locale, claims)
    clinician = answer.variant(variant.locale, Audience.CLINICIAN) or answer.variant(DEFAULT_LOCALE, Audience.CLINICIAN)
    for section in variant.sections.values():
        markers = [marker for marker in markers_in(section.body) if marker.verb == "carries" and marker.error is None]
        source = clinician.sections.get(section.id) if clinician is not None else None
        in_section = list(figures(without_markers(source.body))) if source is not None else []
        body = without_markers(section.body)
        for offset, figure in figures_at(body):
            if not any(figure.same_as(stated) for stated in in_section):
                continue  # not in the clinician section at all: `number-not-in-clinician` says so
            covering = next((marker for marker in markers if marker.statement_start <= offset < marker.start), None)
            line = section.body_line + body.count("\n", 0, offset)
            if covering is None:
                message = (
                    f"`{figure.text}` ({figure.key}) is in a sentence that carries no claim: a figure in a "
                    f"{variant.audience} text must be stated by a claim its sentence carries (`{{carries=id}}`)"
                )
                yield _problem(variant, line, message, rule=Rule.FIGURE_NOT_IN_CLAIM)
                continue
            stated = [source for claim_id in covering.ids for source in figures(statements.get(claim_id, ""))]
            if not any(figure.same_as(source) for source in stated):
                carried = ", ".join(f"`{claim_id}`" for claim_id in covering.ids)
                message = (
                    f"`{figure.text}` ({figure.key}) is not stated by the claim(s) this sentence carries "
                    f"({carried}): carry the claim that states it, or leave the figure out"
                )
                yield _problem(variant, line, message, rule=Rule.FIGURE_NOT_IN_CLAIM)


def _statements_by_claim(answer: Answer, locale: str, claims: dict[str, Claim]) -> dict[str, str]:
    """What each claim says in `locale`: the sentence of that locale's clinician text carrying it, else English."""
    statements = {claim.id: claim.statement for claim in claims.values()}
    clinician = answer.variant(locale, Audience.CLINICIAN)
    if clinician is None or locale == DEFAULT_LOCALE:
        return statements
    for section, marker, _ in _markers(clinician):
        if marker.verb == "carries" and marker.error is None:
            for claim_id in marker.ids:
                statements[claim_id] = f"{statements.get(claim_id, '')} {marker.statement(section.body)}"
    return statements


def _kind(written: str | None) -> ClaimKind | None:
    return next((kind for kind in ClaimKind if kind.value == written), None)


def _source(
    marker: Marker, statement: str, defined: set[int]
) -> tuple[tuple[int, ...] | Literal["practice"], str | None]:
    """The claim's source: `source=` as written, else the citations of its statement; and what is wrong with it."""
    if marker.source == PRACTICE:
        return "practice", None
    if marker.source is None:
        # Cited in its sentence: an undefined number there is `undefined-citation`'s to report.
        numbers = tuple(number for found in CITATION_REF.finditer(statement) for number in cited_numbers(found[1]))
        if not numbers:
            return (), (
                "it has no source: cite one in its sentence (`[1]`), name it (`source=1`), "
                "or mark it as general practice (`source=practice`)"
            )
        return tuple(dict.fromkeys(numbers)), None
    numbers = tuple(int(part) for part in marker.source.split(",") if part.isdigit())
    if len(numbers) != len(marker.source.split(",")):
        return (), f"`source={marker.source}` is neither `practice` nor citation numbers such as `1,4`"
    undefined = sorted(set(numbers) - defined)
    if undefined:
        listed = ", ".join(str(number) for number in sorted(defined)) or "none"
        return (), f"its source names citation {undefined[0]}, which answer.toml does not define (defined: {listed})"
    return tuple(dict.fromkeys(numbers)), None


def _not_marked(answer: Answer) -> Problem:
    clinician = answer.variant(DEFAULT_LOCALE, Audience.CLINICIAN)
    message = (
        "the English clinician text marks no claims yet, so no claim rule applies to this answer: mark its "
        "claims (`{claim=id kind=… source=…}`) and carry them in the other texts; `--strict-claims` makes this an error"
    )
    return Problem(
        file=clinician.file if clinician is not None else answer.metadata_file,
        line=1,
        rule=Rule.CLAIMS_NOT_MARKED,
        message=message,
        severity=Severity.WARNING,
    )


def _listed(claims: Iterable[str]) -> str:
    return ", ".join(f"`{claim_id}`" for claim_id in sorted(claims))


def _kinds(kinds: frozenset[ClaimKind]) -> str:
    ordered = [kind.value for kind in ClaimKind if kind in kinds]
    return ", ".join(ordered[:-1]) + f" and {ordered[-1]}" if len(ordered) > 1 else ordered[0]


def _problem(variant: Variant, line: int, message: str, *, rule: Rule = Rule.CLAIM) -> Problem:
    return Problem(file=variant.file, line=line, rule=rule, message=message)


ParityStatus = Literal["carried", "waived", "missing", "stale"]
"""Of one claim in one text: carried; waived for that text; missing where it must be carried; or not carried by
a text written before its source gained the claim (to catch up on)."""


class Carrying(Record):
    """How one text carries one claim."""

    status: ParityStatus
    lines: tuple[int, ...] = ()
    """The lines of the text that carry it."""


class ClaimParity(Record):
    """One claim and every text that carries it or must."""

    claim: Claim
    carried: dict[str, Carrying]
    """By `<locale>/<audience>`: the texts that carry the claim, and those that must and do not."""


def parity(answer: Answer) -> list[ClaimParity]:
    """Every claim of the answer, in the English clinician text's order, with how each other text carries it.

    A text that neither carries a claim nor has to (a family text and a `dose` claim) is not listed for it.
    """
    claims, _, _ = stated_claims(answer)
    lines: dict[tuple[str, str], dict[str, list[int]]] = {}
    for key, variant in answer.variants.items():
        found = lines.setdefault((key[0], key[1].value), {})
        for _, marker, line in _markers(variant):
            if marker.verb == "carries" and marker.error is None:
                for claim_id in marker.ids:
                    found.setdefault(claim_id, []).append(line)
    result = []
    for claim in claims.values():
        carried: dict[str, Carrying] = {}
        for (locale, audience), variant in sorted(answer.variants.items()):
            if (locale, audience) == (DEFAULT_LOCALE, Audience.CLINICIAN):
                continue
            at = lines[locale, audience.value].get(claim.id)
            if at:
                carried[f"{locale}/{audience}"] = Carrying(status="carried", lines=tuple(dict.fromkeys(at)))
            elif (claim.id, audience, locale) in answer.waived:
                carried[f"{locale}/{audience}"] = Carrying(status="waived")
            elif claim.kind in REQUIRED_KINDS[audience] and claim.section in variant.sections:
                carried[f"{locale}/{audience}"] = Carrying(status="stale" if variant.behind else "missing")
        result.append(ClaimParity(claim=claim, carried=carried))
    return result


def _statements(markdown: str) -> dict[str, str]:
    """What a text says of each claim it states or carries, by id, spacing ignored."""
    found: dict[str, list[str]] = {}
    for marker in markers_in(markdown):
        if marker.error is None:
            for claim_id in marker.ids:
                found.setdefault(claim_id, []).append(" ".join(marker.statement(markdown).split()))
    return {claim_id: " | ".join(statements) for claim_id, statements in found.items()}


def claims_changed(before: str, after: str) -> frozenset[str] | None:
    """The claims a source text says differently (or no longer, or newly) in `after` than in `before`.

    None when neither marks any claim: then any change of the source may matter to the texts written
    from it, as before claims existed.
    """
    old, new = _statements(before), _statements(after)
    if not old and not new:
        return None
    return frozenset(claim_id for claim_id in old.keys() | new.keys() if old.get(claim_id) != new.get(claim_id))


def carried_ids(markdown: str) -> frozenset[str]:
    """The claims a text carries."""
    return frozenset(
        claim_id
        for marker in markers_in(markdown)
        if marker.verb == "carries" and marker.error is None
        for claim_id in marker.ids
    )
