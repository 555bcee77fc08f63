"""Examples in the OpenAPI document that are true, not generated strings.

Problem documents are made by the code that sends them; the answer is an excerpt of a real rendition
(`examples/answer.json`), which the tests hold to the live one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from service.content.model import Audience
from service.errors import (
    BodyTooDeep,
    ContentRejected,
    Finding,
    Forbidden,
    IllegalTransition,
    PreconditionFailed,
    PreconditionRequired,
    ProblemDocument,
    ReadOnlyContent,
    RequestRefused,
    StoreBusy,
    TailorError,
    TooManyRequests,
    Unauthorized,
    UnknownAnswer,
    UnknownAudience,
    UnsupportedLocale,
)
from service.settings import Settings
from service.structs import Record
from service.web.error_responses import problem_document

__all__ = ["ANSWER_EXAMPLE", "PROBLEM_JSON", "problem_example", "problem_examples", "problem_response"]

ANSWER_EXAMPLE_FILE = Path(__file__).parent / "examples" / "answer.json"
ANSWER_EXAMPLE: dict[str, Any] = json.loads(ANSWER_EXAMPLE_FILE.read_text(encoding="utf-8"))
"""The Spanish family rendition of the bundled answer, cut to its first section and first two citations."""

_LOCALES = list(Settings().supported_locales)
_AUDIENCES = [audience.value for audience in Audience]
_FINDING = Finding(
    rule="number-not-in-clinician",
    line=9,
    severity="error",
    file="store/palliative-neuroblastoma/en/family.md",
    message="`0.1 mg/kg` (0.1 mg/kg) in section `chemotherapy` is not in section `chemotherapy` of "
    "store/palliative-neuroblastoma/en/clinician.md: nurse and family texts may only use figures the "
    "clinician text of the same section states",
)
_BY_STATUS: dict[int, list[TailorError]] = {
    400: [UnknownAudience("doctor", _AUDIENCES), UnsupportedLocale("pt", _LOCALES), BodyTooDeep(32)],
    401: [Unauthorized()],
    403: [Forbidden("author", ["reviewer", "admin"])],
    404: [UnknownAnswer("no-such-answer")],
    409: [IllegalTransition("submitted", ["start"]), ReadOnlyContent()],
    412: [PreconditionFailed()],
    413: [RequestRefused(413)],
    422: [ContentRejected([_FINDING])],
    428: [PreconditionRequired()],
    429: [TooManyRequests(2)],
    503: [StoreBusy()],
}


def problem_example(error: TailorError) -> Example:
    """The problem document of `error`, as the service sends it in English."""
    document = problem_document(error)
    value = {field: getattr(document, field) for field in document.__struct_fields__ if getattr(document, field)}
    if "findings" in value:
        value["findings"] = [_plain(finding) for finding in value["findings"]]
    return Example(summary=document.type, value=value)


def _plain(record: Record) -> dict[str, Any]:
    return {field: getattr(record, field) for field in record.__struct_fields__}


PROBLEM_JSON = "application/problem+json"


def problem_response(description: str, status: int, *errors: TailorError) -> ResponseSpec:
    """A documented problem response: its description and real examples (`errors`, else `status`'s usual ones)."""
    return ResponseSpec(
        data_container=ProblemDocument,
        description=description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
        examples=[problem_example(error) for error in errors] if errors else problem_examples(status),
    )


def problem_examples(status: int, *extra: TailorError) -> list[Example] | None:
    """Real problem documents for `status` (and `extra` ones), as the service sends them in English."""
    errors = [*_BY_STATUS.get(status, []), *extra]
    return [problem_example(error) for error in errors] or None
