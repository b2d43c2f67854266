"""The review page's web app (Starlette): one HTML page, two static files and a small JSON API.

Why these rules (a local app is still reachable by every web page the user opens): requests must name the
bound address in their Host header, so a DNS-rebinding page cannot talk to it; every request that changes
a file must carry the per-run token, which only the page served here knows; responses forbid framing and
foreign scripts; and the app serves its own three files and the pairs' data, nothing from the disk at large.
"""

from __future__ import annotations

import ipaddress
import json
import secrets

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from termkit.errors import TermkitError
from termkit.review.pages import STATIC, render, static_text
from termkit.review.workspace import Workspace

TOKEN_HEADER = "x-termkit-token"
_SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers that name the bound address (and ``localhost`` for a loopback address)."""
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    names = {f"{name}:{port}"}
    if is_loopback(host):
        names.add(f"localhost:{port}")
    return frozenset(names)


class _Guard:
    """ASGI middleware: refuse a wrong Host header (421) and add the security headers to every response."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
        if host not in self.hosts:
            await PlainTextResponse("wrong Host header: this server answers only to its own address", 421,
                                    headers=_SECURITY_HEADERS)(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"],
                                      *((k.encode(), v.encode()) for k, v in _SECURITY_HEADERS.items())]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(workspace: Workspace, host: str, port: int, token: str | None = None) -> Starlette:
    """The review app over ``workspace``, answering only to ``host:port``; ``token`` guards every change."""
    token = token or secrets.token_urlsafe(32)

    def _error(message: str, status: int) -> JSONResponse:
        return JSONResponse({"error": message}, status)

    async def index(request: Request) -> Response:
        pairs = [{"key": p.key, "src_title": p.src_title, "tgt_title": p.tgt_title, **workspace.progress(p.key)}
                 for p in workspace.pairs.values()]
        return HTMLResponse(render("review.html", token=token, pairs=pairs,
                                   reviewer=workspace.reviewer, project=workspace.project.resolve().name))

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse("not found", 404)
        return Response(static_text(name), media_type=STATIC[name])

    async def pairs(request: Request) -> Response:
        return JSONResponse([{"key": k, **workspace.progress(k)} for k in workspace.pairs])

    async def pair_state(request: Request) -> Response:
        key = request.path_params["key"]
        if key not in workspace.pairs:
            return _error(f"no pair {key!r}", 404)
        try:
            return JSONResponse(workspace.state(key))
        except TermkitError as exc:
            return _error(str(exc), 409)

    async def act(request: Request) -> Response:
        key = request.path_params["key"]
        given = request.headers.get(TOKEN_HEADER, "")
        if not secrets.compare_digest(given.encode(), token.encode()):
            return _error("missing or wrong token: reload the page", 403)
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _error("expected a JSON body", 415)
        if key not in workspace.pairs:
            return _error(f"no pair {key!r}", 404)
        try:
            action = json.loads(await request.body())
        except ValueError:
            return _error("the body is not JSON", 400)
        if not isinstance(action, dict):
            return _error("the body must be a JSON object", 400)
        try:
            return JSONResponse(workspace.act(key, action))
        except TermkitError as exc:
            return _error(str(exc), 409)

    routes = [
        Route("/", index),
        Route("/static/{name}", static),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/api/pairs", pairs),
        Route("/api/pairs/{key}", pair_state),
        Route("/api/pairs/{key}/actions", act, methods=["POST"]),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(_Guard, hosts=allowed_hosts(host, port))
    return app
