"""Errors a request can cause: RFC 9457 problem details on the JSON API, a localized error page elsewhere.

Every error a reader can cause has a stable problem `type`, a status, a title, and a detail saying
what was wrong and what is allowed. Anything unexpected becomes a generic 500 with no traceback,
no path and no exception text; the details go to the log only. They are raised wherever a request
value is checked (`service.choice`, the web layer) and turned into responses in one place
(`service.web.error_responses`).
"""

from __future__ import annotations

from service.i18n.labels import N_
from service.structs import Record

__all__ = [
    "PROBLEM_TYPE_BASE",
    "BodyTimeout",
    "BodyTooDeep",
    "ContentRejected",
    "CrossSiteForm",
    "Finding",
    "Forbidden",
    "FormRefused",
    "HeadersTooLarge",
    "IllegalTransition",
    "InternalError",
    "InvalidInput",
    "InvalidParameter",
    "MethodNotAllowed",
    "NotFound",
    "NotReady",
    "PreconditionFailed",
    "PreconditionRequired",
    "ProblemDocument",
    "ReadOnlyContent",
    "RequestRefused",
    "SelfApproval",
    "StoreBusy",
    "TailorError",
    "TokenGone",
    "TooManyRequests",
    "Unauthorized",
    "UnknownAnswer",
    "UnknownAudience",
    "UnknownSection",
    "UnknownTerm",
    "UnsupportedLocale",
    "shown",
]

PROBLEM_TYPE_BASE = "/problems/"


class ProblemDocument(Record, omit_defaults=True):
    """An RFC 9457 problem document, as the JSON API returns it."""

    type: str
    """A stable identifier of the kind of problem, e.g. `/problems/unknown-audience`."""
    title: str
    status: int
    detail: str
    allowed: list[str] | None = None
    """For an unknown value: the values that are accepted."""
    findings: list[Finding] | None = None
    """For content the gate rejected: what is wrong, where."""
    invalid: list[InvalidInput] | None = None
    """For a request that does not fit the schema: each value that does not, and why."""


class InvalidInput(Record, omit_defaults=True):
    """One part of a request that does not fit the schema."""

    message: str
    """What is wrong, e.g. "Object contains unknown field `slug`" or "Expected `array` of length >= 1"."""
    source: str | None = None
    """Where: `body`, `query`, `path`, `header` or `cookie`."""
    key: str | None = None
    """Which parameter, for parameters."""


class TailorError(Exception):
    """An error a request can cause, with what is needed to explain it as JSON or as a page.

    `title` and `detail` are untranslated messages (msgids); `detail` has `%(name)s` placeholders
    filled from `values` after translation.
    """

    status_code = 400
    problem = "bad-request"
    title = N_("Bad request")
    retry_after: int | None = None
    """Seconds after which the same request may succeed (sent as `Retry-After`); None: it will not by waiting."""

    def __init__(self, detail: str, *, allowed: list[str] | None = None, **values: str) -> None:
        """Keep the untranslated detail and the values for its placeholders."""
        super().__init__(detail % values)
        self.detail = detail
        self.values = values
        self.allowed = allowed

    @property
    def problem_type(self) -> str:
        """The stable `type` of the problem document."""
        return PROBLEM_TYPE_BASE + self.problem


def shown(value: str, limit: int = 60) -> str:
    """A user-supplied value as an error message may quote it: short and printable."""
    printable = "".join(character if character.isprintable() else "\N{REPLACEMENT CHARACTER}" for character in value)
    return printable[:limit] + ("…" if len(printable) > limit else "")


class UnknownAnswer(TailorError):
    """No answer has this slug."""

    status_code = 404
    problem = "unknown-answer"
    title = N_("Answer not found")

    def __init__(self, slug: str) -> None:
        """Say which slug was asked for."""
        super().__init__(N_("There is no answer called “%(slug)s”."), slug=shown(slug))


class UnknownTerm(TailorError):
    """The glossary does not define this term (for this audience and locale, when fallback is off)."""

    status_code = 404
    problem = "unknown-term"
    title = N_("Term not found")

    def __init__(self, term: str) -> None:
        """Say which term was asked for."""
        super().__init__(N_("The glossary has no definition of “%(term)s” for this reader."), term=shown(term))


class UnknownSection(TailorError):
    """The text has no section with this id."""

    status_code = 404
    problem = "unknown-section"
    title = N_("Section not found")

    def __init__(self, section: str) -> None:
        """Say which section was asked for."""
        super().__init__(N_("The text has no section “%(section)s”."), section=shown(section))


class UnknownAudience(TailorError):
    """The audience is not one Tailor writes for."""

    problem = "unknown-audience"
    title = N_("Unknown audience")

    def __init__(self, value: str, allowed: list[str]) -> None:
        """Say what was given and what is allowed."""
        super().__init__(
            N_("“%(value)s” is not an audience. Use one of: %(choices)s."),
            allowed=allowed,
            value=shown(value),
            choices=", ".join(allowed),
        )


class UnsupportedLocale(TailorError):
    """The locale is not one Tailor serves."""

    problem = "unsupported-locale"
    title = N_("Unsupported language")

    def __init__(self, value: str, allowed: list[str]) -> None:
        """Say what was given and what is allowed."""
        super().__init__(
            N_("“%(value)s” is not a supported language. Use one of: %(choices)s."),
            allowed=allowed,
            value=shown(value),
            choices=", ".join(allowed),
        )


class InvalidParameter(TailorError):
    """A request parameter is malformed (repeated, too long, not a local path …)."""

    problem = "invalid-parameter"
    title = N_("Invalid request")

    def __init__(self, name: str, reason: str, *, limit: int | None = None) -> None:
        """Name the parameter and say why it was refused (`reason`: untranslated; `limit` fills `%(limit)s`)."""
        if limit is None:
            super().__init__(reason, name=name)
        else:
            super().__init__(reason, name=name, limit=str(limit))


class NotFound(TailorError):
    """No page at this address."""

    status_code = 404
    problem = "not-found"
    title = N_("Page not found")

    def __init__(self) -> None:
        """The generic message: nothing of the path is repeated."""
        super().__init__(N_("There is no page at this address."))


class MethodNotAllowed(TailorError):
    """The address exists but does not take this method."""

    status_code = 405
    problem = "method-not-allowed"
    title = N_("Method not allowed")

    def __init__(self) -> None:
        """The allowed methods travel in the `Allow` header."""
        super().__init__(N_("This address does not accept that kind of request."))


class RequestRefused(TailorError):
    """Any other refusal by the HTTP layer (unreadable body, too large …), with its own status."""

    problem = "request-refused"
    title = N_("Request refused")

    def __init__(self, status_code: int, invalid: list[InvalidInput] | None = None) -> None:
        """Keep the status the HTTP layer chose, and what it found invalid."""
        super().__init__(N_("The request could not be accepted. Check its parameters, headers and body."))
        self.status_code = status_code
        self.invalid = invalid


class InternalError(TailorError):
    """Something failed on our side."""

    status_code = 500
    problem = "internal-error"
    title = N_("Something went wrong")

    def __init__(self) -> None:
        """A message that gives nothing away."""
        super().__init__(N_("Something went wrong on our side. Please try again later."))


class HeadersTooLarge(TailorError):
    """The request's header block is larger than Tailor reads."""

    status_code = 431
    problem = "headers-too-large"
    title = N_("Request headers too large")

    def __init__(self) -> None:
        """Say what to do: send fewer or smaller headers (usually: fewer cookies)."""
        super().__init__(N_("The request's headers are too large. Send fewer or smaller headers, such as cookies."))


class NotReady(TailorError):
    """The content has not loaded yet: the process has just started."""

    status_code = 503
    problem = "not-ready"
    title = N_("Starting")
    retry_after = 1

    def __init__(self) -> None:
        """Say that this is temporary (the response carries `Retry-After`)."""
        super().__init__(N_("The content is still loading. Try again in a moment."))


class BodyTimeout(TailorError):
    """A request body that did not arrive within the deadline (`service.web.request_body`)."""

    status_code = 408
    problem = "body-timeout"
    title = N_("Request too slow")

    def __init__(self) -> None:
        """Say what happened: nothing was read, nothing changed."""
        super().__init__(N_("The request's body did not arrive in time. Nothing was changed. Send it again."))


class BodyTooDeep(TailorError):
    """A JSON body nested deeper than any document Tailor takes."""

    problem = "body-too-deep"
    title = N_("Body nested too deeply")

    def __init__(self, limit: int) -> None:
        """Say how deep a body may nest."""
        super().__init__(
            N_("The JSON body nests arrays and objects more than %(limit)s levels deep; no document here needs that."),
            limit=str(limit),
        )


class StoreBusy(TailorError):
    """The store did not let this write in within its wait: other writes held it."""

    status_code = 503
    problem = "store-busy"
    title = N_("Busy")
    retry_after = 2

    def __init__(self) -> None:
        """Say that nothing was stored and that trying again will do."""
        super().__init__(N_("Other changes are being stored right now; nothing of yours was. Send it again."))


class TooManyRequests(TailorError):
    """More requests of one kind from one address (or for one account) than its rate limit lets through."""

    status_code = 429
    problem = "too-many-requests"
    title = N_("Too many requests")

    def __init__(self, seconds: int) -> None:
        """Say when to try again (the response carries `Retry-After` too)."""
        super().__init__(
            N_("Too many requests like this one just now. Try again in %(seconds)s s."), seconds=str(seconds)
        )
        self.retry_after = seconds


class Unauthorized(TailorError):
    """The editorial API needs a valid token."""

    status_code = 401
    problem = "unauthorized"
    title = N_("Sign-in required")

    def __init__(self) -> None:
        """Say how to sign requests."""
        super().__init__(N_("Send a valid API token as “Authorization: Bearer TOKEN” (tailor users add NAME)."))


class Forbidden(TailorError):
    """The user's role does not allow this."""

    status_code = 403
    problem = "forbidden"
    title = N_("Not allowed")

    def __init__(self, role: str, allowed: list[str]) -> None:
        """Say which roles may."""
        super().__init__(
            N_("Your role, %(role)s, may not do this. Allowed roles: %(roles)s."),
            allowed=allowed,
            role=role,
            roles=", ".join(allowed),
        )


class SelfApproval(TailorError):
    """Nobody approves a revision they wrote."""

    status_code = 403
    problem = "self-approval"
    title = N_("You wrote this revision")

    def __init__(self) -> None:
        """Say who may approve instead."""
        super().__init__(N_("Nobody approves a revision they wrote: another reviewer must decide."))


class FormRefused(TailorError):
    """An editorial form arrived without the CSRF token the page gave it."""

    status_code = 403
    problem = "form-refused"
    title = N_("Form not accepted")

    def __init__(self) -> None:
        """Say what to do."""
        super().__init__(
            N_(
                "This form did not carry the token its page was given: the page is older than your session, or the "
                "form came from another site. Nothing was changed. Reload the page and send the form again."
            )
        )


class CrossSiteForm(TailorError):
    """A reader's form posted from another site's page (`service.web.same_site`)."""

    status_code = 403
    problem = "cross-site-form"
    title = N_("Form from another site")

    def __init__(self) -> None:
        """Say what happened and what to do."""
        super().__init__(
            N_(
                "This form was sent from another site, not from a page of this one. Nothing was changed. Open the "
                "page here and use its form."
            )
        )


class ReadOnlyContent(TailorError):
    """The server serves a content directory, read-only: there is no store to write to."""

    status_code = 409
    problem = "read-only-content"
    title = N_("Read-only content")

    def __init__(self) -> None:
        """Say how to get a store."""
        super().__init__(
            N_("This server serves a content directory, read-only. Run it on the store (without --content) to edit.")
        )


class IllegalTransition(TailorError):
    """A review decision that the revision's state does not allow."""

    status_code = 409
    problem = "illegal-transition"
    title = N_("Not possible now")

    def __init__(self, status: str, allowed: list[str]) -> None:
        """Name the current state and the decisions it allows."""
        super().__init__(
            N_("The revision is %(status)s. Decisions possible now: %(decisions)s."),
            allowed=allowed,
            status=status,
            decisions=", ".join(allowed) or "none",
        )


class PreconditionRequired(TailorError):
    """A write without If-Match (or If-None-Match: * for a new text)."""

    status_code = 428
    problem = "precondition-required"
    title = N_("Version check required")

    def __init__(self) -> None:
        """Say which header to send."""
        super().__init__(N_("Send If-Match with the text's current ETag, or If-None-Match: * to create a new text."))


class PreconditionFailed(TailorError):
    """The text changed since the ETag the writer had (or exists, for If-None-Match: *)."""

    status_code = 412
    problem = "precondition-failed"
    title = N_("Changed meanwhile")

    def __init__(self) -> None:
        """Say what to do."""
        super().__init__(N_("The text has changed since you read it. Read it again, then send your change."))


class ContentRejected(TailorError):
    """The gate refused the text: nothing was stored."""

    status_code = 422
    problem = "content-rejected"
    title = N_("Content rejected")

    def __init__(self, findings: list[Finding]) -> None:
        """Keep the findings for the problem document."""
        super().__init__(N_("The text breaks the content rules: see findings. Nothing was stored."))
        self.findings = findings


class Finding(Record):
    """One rule a text breaks, as the editorial API reports it."""

    rule: str
    line: int
    message: str
    severity: str
    file: str


class TokenGone(TailorError):
    """A `since` token this store cannot answer: another store's, malformed, or too far behind."""

    status_code = 410
    problem = "token-gone"
    title = N_("Take the full manifest")

    def __init__(self) -> None:
        """Tell the app what to do."""
        super().__init__(
            N_("This token cannot be answered with a delta. Fetch the manifest without “since” and start again.")
        )
