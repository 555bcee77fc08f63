"""The shipped cache configurations (deploy/nginx.conf, deploy/varnish.vcl) run by real nginx and varnishd.

Each configuration is used as shipped but for where it listens, where Tailor is and where nginx
keeps its files: the lines that say so are replaced, and a configuration that no longer has them
fails here loudly rather than being tested half-changed. bench/compare.py uses the same functions.
"""

import os
import shutil
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
_NGINX_UPSTREAM = (
    "    server replica-a:8000 max_fails=3 fail_timeout=5s;\n    server replica-b:8000 max_fails=3 fail_timeout=5s;\n"
)


def _replaced(text: str, old: str, new: str, times: int = 1) -> str:
    if text.count(old) != times:
        raise ValueError(f"the shipped configuration should contain {old!r} {times} time(s)")
    return text.replace(old, new)


def nginx_config(directory: Path, *, port: int, tailor_port: int) -> Path:
    """A complete nginx configuration in `directory` around deploy/nginx.conf, listening on `port`."""
    shipped = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    adapted = _replaced(shipped, _NGINX_UPSTREAM, f"    server 127.0.0.1:{tailor_port};\n")
    adapted = _replaced(adapted, "    listen 80;\n", f"    listen 127.0.0.1:{port};\n")
    adapted = _replaced(adapted, "proxy_cache_path /var/cache/nginx/tailor ", f"proxy_cache_path {directory}/cache ")
    (directory / "tailor.conf").write_text(adapted, encoding="utf-8")
    return nginx_main_config(directory, f"include {directory}/tailor.conf;")


def nginx_main_config(directory: Path, http: str) -> Path:
    """nginx.conf in `directory` for a foreground nginx with one worker, its files all in `directory`.

    `http`: what goes in the `http` block besides the temporary paths (servers, includes, options).
    """
    config = directory / "nginx.conf"
    config.write_text(
        f"""
worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    {http}
}}
""",
        encoding="utf-8",
    )
    return config


def start_nginx(directory: Path, *, port: int, tailor_port: int, cpu: str | None = None) -> subprocess.Popen[bytes]:
    """nginx with deploy/nginx.conf in front of Tailor on `tailor_port`, optionally pinned to one core."""
    config = nginx_config(directory, port=port, tailor_port=tailor_port)
    pinned = ["taskset", "-c", cpu] if cpu is not None else []
    return subprocess.Popen(
        [*pinned, "nginx", "-c", str(config), "-p", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def varnish_vcl(directory: Path, *, tailor_port: int) -> Path:
    """deploy/varnish.vcl with both its replicas at Tailor on `tailor_port`."""
    shipped = (DEPLOY / "varnish.vcl").read_text(encoding="utf-8")
    adapted = _replaced(shipped, '.host = "replica-a";', '.host = "127.0.0.1";')
    adapted = _replaced(adapted, '.host = "replica-b";', '.host = "127.0.0.1";')
    adapted = _replaced(adapted, '.port = "8000";', f'.port = "{tailor_port}";', times=2)
    vcl = directory / "tailor.vcl"
    vcl.write_text(adapted, encoding="utf-8")
    return vcl


def start_varnish(directory: Path, *, port: int, tailor_port: int, cpu: str | None = None) -> subprocess.Popen[bytes]:
    """Varnish with deploy/varnish.vcl in front of Tailor on `tailor_port`, in the foreground."""
    vcl = varnish_vcl(directory, tailor_port=tailor_port)
    pinned = ["taskset", "-c", cpu] if cpu is not None else []
    # As root, varnishd would hand its work to an unprivileged user that cannot enter pytest's private
    # temporary folders: no jail here (a deployment keeps varnishd's own).
    unjailed = ["-j", "none"] if os.geteuid() == 0 else []
    command = [
        *pinned,
        "varnishd",
        *unjailed,
        "-F",
        "-n",
        str(directory / "varnish"),
        "-a",
        f"127.0.0.1:{port}",
        "-T",
        "none",
        "-f",
        str(vcl),
        "-s",
        "malloc,256m",
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def missing() -> list[str]:
    """The cache programs this machine lacks (`.ci/run` and `bench/run` install them)."""
    return [program for program in ("nginx", "varnishd") if shutil.which(program) is None]
