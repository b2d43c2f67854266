"""``termkit review [ALIGNED_DIR]``: review the built alignments in a local web page, or write a static report."""

from __future__ import annotations

import getpass
import socket
from pathlib import Path

import typer

from termkit.cli.app import app, say, warn
from termkit.errors import TermkitError


def _project(aligned: Path | None, project: Path | None) -> Path:
    """The project folder: as given, else the one holding ALIGNED_DIR, else the current folder."""
    if project is not None:
        candidates = [project]
    else:
        candidates = [aligned.resolve().parent] if aligned is not None else []
        candidates.append(Path("."))
    for c in candidates:
        if (c / "sources" / "manifest.tsv").is_file():
            return c
    raise TermkitError("not a termkit project: sources/manifest.tsv not found (give --project)", candidates[0])


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one chosen by the system)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise TermkitError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(64)
    return sock


@app.command()
def review(
    aligned: Path = typer.Argument(None, metavar="ALIGNED_DIR", show_default=False,
                                   help="Build folder to review [default: PROJECT/aligned]."),
    project: Path = typer.Option(None, "--project", "-p",
                                 help="Project folder (sources/review/ holds the decisions) "
                                      "[default: the folder holding ALIGNED_DIR, else the current folder]."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (other than loopback: warned)."),
    port: int = typer.Option(0, "--port", show_default=False, help="Port to listen on [default: a free one]."),
    reviewer: str = typer.Option(None, "--reviewer", help="Name written into the decisions [default: your login]."),
    report: Path = typer.Option(None, "--report", help="Write a self-contained HTML report here instead of serving."),
) -> None:
    """Review alignments side by side in a local web page (accept, reject, merge, split, shift; saved at once
    to sources/review/), or write a static report with --report. Opens no browser: visit the printed URL."""
    from termkit.review.workspace import Workspace

    proj = _project(aligned, project)
    folder = aligned if aligned is not None else proj / "aligned"
    if not folder.is_dir():
        raise TermkitError("no such build folder (run `termkit build` first)", folder)
    if report is not None:
        from termkit.fileio import atomic_write
        from termkit.review.report import render_report

        html = render_report(Workspace(proj, folder))
        with atomic_write(report) as fh:
            fh.write(html)
        say(f"wrote {report}")
        return
    import uvicorn

    from termkit.review.app import create_app, is_loopback

    if not is_loopback(host):
        warn(f"listening on {host}, not loopback: anyone who can reach this machine can change your review decisions")
    workspace = Workspace(proj, folder, reviewer if reviewer is not None else getpass.getuser())
    sock = bind_socket(host, port)
    bound = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(workspace, host, bound), log_level="warning",
                                           access_log=False, lifespan="off"))
    name = f"[{host}]" if ":" in host else host
    say(f"termkit review: http://{name}:{bound}/ (Ctrl-C to stop)")
    server.run(sockets=[sock])
