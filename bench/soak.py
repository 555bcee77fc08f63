"""Soak: mixed load on 127.0.0.1 for a while; no unexpected status, no memory growth after warm-up.

    bash bench/soak [--minutes 10] [--connections 32]

Requests mix every audience × locale page, JSON renditions and lists, bare URLs negotiated from
random Accept-Language values, conditional requests (current and stale ETags) and HEADs. wrk counts
anything but 2xx/3xx as unexpected; the server's resident memory is sampled after every minute.
Exits non-zero when a response was unexpected or memory grew 10 % or more after the first minute.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from compare import (
    LOAD_CORE,
    ROOT,
    SLUG,
    get,
    rss_mib,
    start_tailor,
    stop,
    wait_for,
)

AUDIENCES = ("clinician", "nurse", "family")
LOCALES = ("en", "es", "es-MX", "fr", "de", "ar")
ACCEPT_LANGUAGES = (
    "es-ES,es;q=0.9",
    "de-AT",
    "ar",
    "fr-CA,fr;q=0.8,en;q=0.2",
    "zh-CN",
    "*",
    "en-GB",
    "es-MX",
    "xx;q=0",
)


def lua_script(etags: dict[str, str]) -> str:
    """A wrk script that picks one kind of request at random each time."""
    pages = ", ".join(f'"{path}"' for path in etags)
    tags = ", ".join(f'["{path}"] = {tag!r}' for path, tag in etags.items()).replace("'", '"')
    languages = ", ".join(f'"{value}"' for value in ACCEPT_LANGUAGES)
    return f"""
math.randomseed(11)
local pages = {{{pages}}}
local etags = {{{tags}}}
local languages = {{{languages}}}
local audiences = {{"clinician", "nurse", "family"}}
local locales = {{"en", "es", "es-MX", "fr", "de", "ar"}}
request = function()
  local pick = math.random(1, 10)
  local page = pages[math.random(#pages)]
  if pick <= 3 then
    return wrk.format("GET", page)
  elseif pick == 4 then
    return wrk.format("GET", page, {{["If-None-Match"] = etags[page]}})
  elseif pick == 5 then
    return wrk.format("GET", page, {{["If-None-Match"] = '"stale"', ["Accept-Encoding"] = "gzip"}})
  elseif pick == 6 then
    return wrk.format("HEAD", page)
  elseif pick == 7 then
    local path = string.format("/api/v1/answers/{SLUG}?audience=%s&locale=%s", audiences[math.random(3)], locales[math.random(6)])
    return wrk.format("GET", path)
  elseif pick == 8 then
    return wrk.format("GET", "/api/v1/answers/{SLUG}?audience=family", {{["Accept-Language"] = languages[math.random(#languages)]}})
  elseif pick == 9 then
    return wrk.format("GET", "/answers/{SLUG}", {{["Accept-Language"] = languages[math.random(#languages)]}})
  else
    return wrk.format("GET", string.format("/%s/%s/answers", locales[math.random(6)], audiences[math.random(3)]))
  end
end
"""


def run_minute(url: str, script: Path, connections: int) -> tuple[float, int, int]:
    """One minute of load: requests/s, requests, unexpected responses (non-2xx/3xx and socket errors)."""
    command = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{connections}", "-d60s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    unexpected = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad = int(unexpected.group(1)) if unexpected else 0
    bad += sum(int(value) for value in errors.groups()) if errors else 0
    return rate, total, bad


def main() -> None:
    """Soak and report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    port = 18090
    server = start_tailor(
        ROOT / "variants", port, cache_size=4096, rule_cache=Path(tempfile.mkdtemp(prefix="tailor-soak-"))
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/ready")
        etags = {}
        for audience in AUDIENCES:
            for locale in LOCALES:
                path = f"/{locale}/{audience}/answers/{SLUG}"
                etags[path] = get(base + path)[1]["etag"]
        script = Path(tempfile.mkdtemp(prefix="tailor-soak-")) / "mix.lua"
        script.write_text(lua_script(etags), encoding="utf-8")
        samples = []
        total_requests = total_bad = 0
        for minute in range(1, arguments.minutes + 1):
            rate, requests, bad = run_minute(base, script, arguments.connections)
            memory = rss_mib(server.pid)
            samples.append(memory)
            total_requests += requests
            total_bad += bad
            print(
                f"minute {minute:2d}: {rate:8.0f} req/s, {requests:8d} requests, {bad} unexpected, RSS {memory:6.1f} MiB",
                flush=True,
            )
    finally:
        stop(server)
    warm, final, peak = samples[0], samples[-1], max(samples)
    growth = (final - warm) / warm * 100
    print(
        f"\n{total_requests} requests in {arguments.minutes} min, {total_bad} unexpected; "
        f"RSS after warm-up {warm:.1f} MiB, at the end {final:.1f} MiB ({growth:+.1f} %), peak {peak:.1f} MiB"
    )
    if total_bad or growth >= 10:
        sys.exit(1)


if __name__ == "__main__":
    main()
