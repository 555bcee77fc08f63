"""Settings, read once from the environment (`TAILOR_*`) into one typed object handed to the app."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from service.content.model import DEFAULT_LOCALE, Audience
from service.content.rule_cache import default_cache_dir

__all__ = [
    "DEFAULT_DATABASE_URL",
    "PROJECT_ROOT",
    "Publish",
    "Settings",
    "check_cache_from",
    "database_url",
    "strict_claims_from",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/tailor.db"
"""The embedded store: a SQLite file under the working directory."""


def database_url(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """`--database URL`, else `TAILOR_DATABASE_URL`, else the embedded SQLite file."""
    return explicit or environ.get("TAILOR_DATABASE_URL") or DEFAULT_DATABASE_URL


def check_cache_from(environ: Mapping[str, str]) -> Path | None:
    """`TAILOR_CHECK_CACHE`: a directory, `off` for none, unset for the user's cache directory."""
    value = environ.get("TAILOR_CHECK_CACHE", "")
    if value.lower() == "off":
        return None
    return Path(value) if value else default_cache_dir()


def strict_claims_from(environ: Mapping[str, str]) -> bool:
    """`TAILOR_STRICT_CLAIMS`: hold every answer to the claim rules (`1`, `true`, `yes`)."""
    return environ.get("TAILOR_STRICT_CLAIMS", "").lower() in {"1", "true", "yes"}


class Publish(StrEnum):
    """Which revisions of the store's texts readers get (`TAILOR_PUBLISH`)."""

    SUBMITTED = "submitted"
    """The latest revision that passed the gate and that no reviewer sent back, marked pending review
    until it is approved: the source page's behaviour."""
    APPROVED = "approved"
    """Only approved revisions; a text without one is not served, and its sections fall back visibly."""

    @classmethod
    def parse(cls, value: str) -> Publish:
        """`value` as a mode, or a ValueError that lists the modes."""
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(mode.value for mode in cls)
            raise ValueError(f"TAILOR_PUBLISH must be one of {allowed}, not {value!r}") from None


def _public_url(value: str) -> str | None:
    """`TAILOR_PUBLIC_URL` without its trailing slash; an origin, http(s) only."""
    if not value:
        return None
    parts = urlsplit(value)
    if (
        parts.scheme not in {"https", "http"}
        or not parts.netloc
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise ValueError(f"TAILOR_PUBLIC_URL must be an origin such as https://answers.example.org, not {value!r}")
    return value.rstrip("/")


def _origins(value: str, name: str) -> tuple[str, ...]:
    """A comma-separated list of origins (`http://varnish:6081`), each validated like `TAILOR_PUBLIC_URL`."""
    found = []
    for item in _list(value):
        try:
            origin = _public_url(item)
        except ValueError:
            raise ValueError(f"{name} must list origins such as http://varnish:6081, not {item!r}") from None
        if origin is not None:
            found.append(origin)
    return tuple(found)


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything an operator can change without touching code."""

    content_dir: Path = PROJECT_ROOT / "variants"
    """Without a database: the content directory served, read-only (`TAILOR_CONTENT`)."""
    seed_dir: Path = PROJECT_ROOT / "variants"
    """With a database: what `tailor serve` fills an empty store from (`TAILOR_SEED`)."""
    database_url: str | None = None
    """The store's database (`TAILOR_DATABASE_URL`; `tailor serve` defaults to `data/tailor.db` unless
    `TAILOR_CONTENT` names a directory). None: read-only file mode."""
    locales_dir: Path = PROJECT_ROOT / "locales"
    """Where the gettext catalogs of the user interface are (`TAILOR_LOCALES`)."""
    supported_locales: tuple[str, ...] = ("en", "es", "es-MX", "fr", "de", "ar")
    """Locales a reader can choose, as BCP 47 tags (`TAILOR_SUPPORTED_LOCALES`, comma-separated)."""
    default_locale: str = DEFAULT_LOCALE
    """Served when nothing else decides (`TAILOR_DEFAULT_LOCALE`)."""
    default_audience: Audience = Audience.CLINICIAN
    """Served when nothing else decides (`TAILOR_DEFAULT_AUDIENCE`)."""
    audience_fallback: Mapping[Audience, Audience | None] = field(
        default_factory=lambda: {Audience.FAMILY: Audience.NURSE, Audience.NURSE: Audience.CLINICIAN}
    )
    """Which audience's text stands in for a missing one (`TAILOR_AUDIENCE_FALLBACK=family:nurse,nurse:clinician`)."""
    follow_up_url: str | None = None
    """Where "Have a follow-up question?" leads (`TAILOR_FOLLOW_UP_URL`); unset, the answers list."""
    editorial_policy_url: str | None = None
    """Where "View editorial policy" leads (`TAILOR_EDITORIAL_POLICY_URL`); unset, Tailor's own policy page."""
    preference_cookie: str = "tailor-preference"
    """The name of the cookie that remembers the reader's audience and locale."""
    rendition_cache_size: int = 4096
    """How many renditions (one per URL and encoding pair) are kept in memory (`TAILOR_RENDITION_CACHE_SIZE`)."""
    max_age: int = 300
    """Seconds a cache may serve a canonical URL without asking again (`TAILOR_CACHE_MAX_AGE`)."""
    stale_while_revalidate: int = 60
    """Seconds a cache may serve a stale copy while it revalidates (`TAILOR_CACHE_STALE_WHILE_REVALIDATE`)."""
    stale_if_error: int = 86400
    """Seconds a cache may serve a stale copy when Tailor fails (`TAILOR_CACHE_STALE_IF_ERROR`)."""

    access_log: bool = False
    """Log every request as a JSON line (`TAILOR_ACCESS_LOG=1`); off by default, as the proxy or CDN usually logs."""
    watch_content: bool = False
    """Reload the content when its files change (`TAILOR_WATCH_CONTENT=1`; `tailor serve --reload` sets it)."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks of the proxies whose X-Forwarded-Proto and X-Forwarded-For are believed
    (`TAILOR_TRUSTED_PROXIES`, comma-separated, e.g. `10.89.40.10,10.89.40.11` or `10.89.40.0/24`): behind
    them, the client's address (for every per-address limit) is the one they forwarded."""
    metrics_allow: tuple[str, ...] = ("127.0.0.1", "::1")
    """Addresses or networks that may read /metrics (`TAILOR_METRICS_ALLOW`, comma-separated); anyone else
    gets a 404. Behind a trusted proxy the address is the one it forwarded, so readers never qualify
    through the proxy's own loopback address."""
    cache_purge_urls: tuple[str, ...] = ()
    """Caches in front (Varnish with deploy/varnish.vcl) told what changed at each publish
    (`TAILOR_CACHE_PURGE_URLS`, comma-separated origins); none by default."""
    lexicon: Path | None = None
    """A directory of the publisher's lay-term lexicons, `<language>.toml` files shaped like Tailor's own,
    added over them for the plain-language lint (`TAILOR_LEXICON`); unset: Tailor's alone."""
    reading_targets: Path | None = None
    """Reading-level targets, a TOML file as `tailor check --targets` takes (`TAILOR_TARGETS`); unset: the defaults."""
    strict_claims: bool = False
    """Hold every answer to the claim rules, also those whose clinician text marks no claim yet
    (`TAILOR_STRICT_CLAIMS`, as `tailor check --strict-claims`); unset, such an answer gets a warning."""
    check_cache: Path | None = field(default_factory=default_cache_dir)
    """Where rule results are kept between runs (`TAILOR_CHECK_CACHE`; `off` keeps them in memory only)."""
    store_poll_interval: float = 1.0
    """Seconds between two looks at the store for what other processes wrote (`TAILOR_STORE_POLL`)."""
    publish: Publish = Publish.SUBMITTED
    """Which revisions of the store readers get (`TAILOR_PUBLISH=submitted|approved`); a content directory
    is served as written."""
    public_url: str | None = None
    """Where readers reach Tailor, e.g. `https://answers.example.org` (`TAILOR_PUBLIC_URL`): canonical and
    alternate links, and the sitemap, are absolute under it. Unset: links are paths."""
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    """Signs the editorial pages' CSRF tokens (`TAILOR_SECRET_KEY`). Every process that serves one store must
    share it: `tailor serve` makes one for its workers when unset; replicas on other machines need it set."""
    body_seconds: float = 15.0
    """Seconds a request's whole body may take to arrive (`TAILOR_BODY_SECONDS`); a slower one is a 408."""
    feedback_contact_days: int = 180
    """Days a reader's contact left with feedback is kept (`TAILOR_FEEDBACK_CONTACT_DAYS`); then it is erased,
    the message stays."""
    editorial_session_minutes: int = 480
    """Minutes an editorial session lasts without a request before it ends (`TAILOR_EDITORIAL_SESSION_MINUTES`)."""

    @property
    def canonical_cache_control(self) -> str:
        """Cache-Control of canonical URLs: any cache may keep them, since the URL alone decides the content."""
        return (
            f"public, max-age={self.max_age}, stale-while-revalidate={self.stale_while_revalidate}, "
            f"stale-if-error={self.stale_if_error}"
        )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Settings from `TAILOR_*` variables; anything unset keeps its default."""
        defaults = cls()
        fallback = defaults.audience_fallback
        if "TAILOR_AUDIENCE_FALLBACK" in environ:
            pairs = (pair.split(":", 1) for pair in _list(environ["TAILOR_AUDIENCE_FALLBACK"]))
            fallback = {Audience(source.strip()): Audience(target.strip()) for source, target in pairs}
        settings = cls(
            content_dir=Path(environ.get("TAILOR_CONTENT", defaults.content_dir)),
            seed_dir=Path(environ.get("TAILOR_SEED", defaults.seed_dir)),
            database_url=None if environ.get("TAILOR_CONTENT") else database_url(None, environ),
            locales_dir=Path(environ.get("TAILOR_LOCALES", defaults.locales_dir)),
            supported_locales=_list(environ.get("TAILOR_SUPPORTED_LOCALES", ",".join(defaults.supported_locales))),
            default_locale=environ.get("TAILOR_DEFAULT_LOCALE", defaults.default_locale),
            default_audience=Audience(environ.get("TAILOR_DEFAULT_AUDIENCE", defaults.default_audience)),
            audience_fallback=fallback,
            follow_up_url=environ.get("TAILOR_FOLLOW_UP_URL") or None,
            editorial_policy_url=environ.get("TAILOR_EDITORIAL_POLICY_URL") or None,
            rendition_cache_size=int(environ.get("TAILOR_RENDITION_CACHE_SIZE", defaults.rendition_cache_size)),
            max_age=int(environ.get("TAILOR_CACHE_MAX_AGE", defaults.max_age)),
            stale_while_revalidate=int(
                environ.get("TAILOR_CACHE_STALE_WHILE_REVALIDATE", defaults.stale_while_revalidate)
            ),
            stale_if_error=int(environ.get("TAILOR_CACHE_STALE_IF_ERROR", defaults.stale_if_error)),
            trusted_proxies=_list(environ.get("TAILOR_TRUSTED_PROXIES", "")),
            metrics_allow=_list(environ.get("TAILOR_METRICS_ALLOW", ",".join(defaults.metrics_allow))),
            cache_purge_urls=_origins(environ.get("TAILOR_CACHE_PURGE_URLS", ""), "TAILOR_CACHE_PURGE_URLS"),
            watch_content=environ.get("TAILOR_WATCH_CONTENT", "") in {"1", "true", "yes"},
            access_log=environ.get("TAILOR_ACCESS_LOG", "") in {"1", "true", "yes"},
            reading_targets=Path(environ["TAILOR_TARGETS"]) if environ.get("TAILOR_TARGETS") else None,
            lexicon=Path(environ["TAILOR_LEXICON"]) if environ.get("TAILOR_LEXICON") else None,
            strict_claims=strict_claims_from(environ),
            check_cache=check_cache_from(environ),
            store_poll_interval=float(environ.get("TAILOR_STORE_POLL", defaults.store_poll_interval)),
            publish=Publish.parse(environ.get("TAILOR_PUBLISH", defaults.publish)),
            public_url=_public_url(environ.get("TAILOR_PUBLIC_URL", "")),
            secret_key=environ.get("TAILOR_SECRET_KEY") or defaults.secret_key,
            body_seconds=float(environ.get("TAILOR_BODY_SECONDS", defaults.body_seconds)),
            feedback_contact_days=int(environ.get("TAILOR_FEEDBACK_CONTACT_DAYS", defaults.feedback_contact_days)),
            editorial_session_minutes=int(
                environ.get("TAILOR_EDITORIAL_SESSION_MINUTES", defaults.editorial_session_minutes)
            ),
        )
        if settings.default_locale not in settings.supported_locales:
            raise ValueError(f"TAILOR_DEFAULT_LOCALE {settings.default_locale} is not in the supported locales")
        return settings
