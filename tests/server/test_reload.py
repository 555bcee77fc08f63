"""Reloads swap whole catalogs: never a mix, never a broken one, never an error while they happen."""

import logging
import shutil
import threading
import time
from pathlib import Path

from litestar.testing import TestClient

from service.app import create_app
from service.content.reloader import ContentReloader
from service.web.fast_path import FastPath
from tests.helpers import FIXTURES, settings_for, wait_ready
from tests.helpers.catalogs import load_catalog

ANSWER = "fever-after-chemo"


def make_versions(root: Path) -> dict[str, Path]:
    versions = {}
    for name, question in (("a", "Version A question?"), ("b", "Version B question?")):
        folder = root / "versions" / name
        shutil.copytree(FIXTURES / "valid", folder)
        toml = folder / ANSWER / "answer.toml"
        text = toml.read_text(encoding="utf-8")
        text = text.replace("What should happen when a child has a fever after chemotherapy?", question)
        text = text.replace("¿Qué debe pasar cuando un niño tiene fiebre después de la quimioterapia?", question)
        toml.write_text(text, encoding="utf-8")
        versions[name] = folder
    broken = root / "versions" / "broken"
    shutil.copytree(FIXTURES / "rules" / "missing-variant", broken)
    versions["broken"] = broken
    return versions


def point(link: Path, target: Path) -> None:
    """Switch the content directory atomically: a new symlink renamed over the old one."""
    staging = link.with_name(link.name + ".new")
    staging.unlink(missing_ok=True)
    staging.symlink_to(target, target_is_directory=True)
    staging.replace(link)


def reloader_of(app: FastPath) -> ContentReloader:
    reloader: ContentReloader = app.app.state.reloader
    return reloader


def test_fifty_reloads_under_concurrent_requests(tmp_path: Path) -> None:
    versions = make_versions(tmp_path)
    link = tmp_path / "content"
    point(link, versions["a"])
    revisions = {
        load_catalog(link).catalog.revision: "Version A question?",
    }
    point(link, versions["b"])
    revisions[load_catalog(link).catalog.revision] = "Version B question?"
    point(link, versions["a"])
    app = create_app(settings_for(link))
    failures: list[str] = []
    seen: set[str] = set()
    checked: list[str] = []
    stop = threading.Event()

    with TestClient(app) as client:
        wait_ready(client)

        def read() -> None:
            paths = [f"/en/family/answers/{ANSWER}", f"/api/v1/answers/{ANSWER}?audience=nurse&locale=es"]
            number = 0
            while not stop.is_set():
                path = paths[number % 2]
                number += 1
                response = client.get(path)
                if response.status_code != 200:
                    failures.append(f"{path}: {response.status_code}")
                    continue
                checked.append(served := response.headers["x-content-revision"])
                seen.add(served)
                expected = revisions.get(served)
                if expected is None or expected not in response.text:
                    failures.append(f"{path}: revision {served} with a body from another revision")

        readers = [threading.Thread(target=read) for _ in range(4)]
        for reader in readers:
            reader.start()
        outcomes = []
        for number in range(50):
            target = versions["broken"] if number % 5 == 4 else versions["a" if number % 2 else "b"]
            point(link, target)
            outcomes.append(client.blocking_portal.call(reloader_of(app).reload))
        stop.set()
        for reader in readers:
            reader.join()

    assert failures == []
    assert len(checked) > 200
    assert outcomes.count(False) == 10
    assert outcomes.count(True) == 40
    assert reloader_of(app).failures == 10
    assert seen == set(revisions)


def test_before_the_first_catalog_everything_but_health_is_503(tmp_path: Path) -> None:
    content = tmp_path / "content"  # not there yet: nothing can load
    app = create_app(settings_for(content))
    with TestClient(app) as client:
        assert client.blocking_portal.call(reloader_of(app).reload) is False
        health = client.get("/health")
        ready = client.get("/ready")
        metrics = client.get("/metrics")
        page = client.get(f"/en/family/answers/{ANSWER}")
        api = client.get(f"/api/v1/answers/{ANSWER}")

        assert health.status_code == 200
        assert health.json()["catalog_revision"] is None
        assert ready.status_code == 503
        assert metrics.status_code == 200
        assert "tailor_content_reload_failures_total" in metrics.text
        for response in (page, api):
            assert response.status_code == 503
            assert response.headers["retry-after"] == "1"
            assert response.headers["cache-control"] == "private, no-store"
            assert response.headers["x-content-type-options"] == "nosniff"
        # Shaped like every other error: a localized page, and a problem document under the API.
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "still loading" in page.text
        assert api.headers["content-type"] == "application/problem+json"
        assert api.json()["type"] == "/problems/not-ready"

        shutil.copytree(FIXTURES / "valid", content)
        assert client.blocking_portal.call(reloader_of(app).reload)
        assert client.get("/ready").status_code == 200
        assert client.get(f"/en/family/answers/{ANSWER}").status_code == 200


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_refused_reload_is_logged_with_its_errors(tmp_path: Path) -> None:
    versions = make_versions(tmp_path)
    link = tmp_path / "content"
    point(link, versions["a"])
    app = create_app(settings_for(link))
    with TestClient(app) as client:
        wait_ready(client)
        before = client.get("/ready").json()["catalog_revision"]
        point(link, versions["broken"])
        collect = Collect()
        logger = logging.getLogger("service.content.reloader")
        logger.addHandler(collect)
        try:
            refused = client.blocking_portal.call(reloader_of(app).reload)
        finally:
            logger.removeHandler(collect)

        assert refused is False
        assert client.get("/ready").json()["catalog_revision"] == before
    [record] = [record for record in collect.records if record.levelno == logging.ERROR]
    kept = load_catalog(versions["a"]).catalog.answers[ANSWER].revision
    assert record.getMessage() == f"answer {ANSWER} held back: 1 error, 0 warnings; still serving its revision {kept}"
    errors: list[str] = record.errors  # type: ignore[attr-defined]
    warnings: list[str] = record.warnings  # type: ignore[attr-defined]
    assert len(errors) == 1
    assert "missing-variant" in errors[0]
    assert warnings == []


def test_watching_reloads_when_files_change(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    app = create_app(settings_for(content, watch_content=True))
    with TestClient(app) as client:
        wait_ready(client)
        before = client.get("/ready").json()["catalog_revision"]
        toml = content / ANSWER / "answer.toml"
        toml.write_text(
            toml.read_text(encoding="utf-8").replace("What should happen", "What must happen"), encoding="utf-8"
        )
        deadline = time.monotonic() + 20
        while client.get("/ready").json()["catalog_revision"] == before and time.monotonic() < deadline:
            time.sleep(0.1)

        assert client.get("/ready").json()["catalog_revision"] != before
        assert "What must happen" in client.get(f"/en/family/answers/{ANSWER}").text
