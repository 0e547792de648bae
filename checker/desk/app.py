"""The desk's web app: one page, its two assets, and a small JSON API over one `Session`.

Every request passes `Guard` first: the Host must be this server's own address (no DNS
rebinding), an Origin or Sec-Fetch-Site header must say the request comes from the page
itself (no cross-site requests), and the session's random token must come with it, in
the query (`?token=`) or the `X-Desk-Token` header, compared in constant time.
"""

from __future__ import annotations

import hmac
import importlib.resources
import json
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..problems import LocalError
from .edits import EditError
from .session import DeskError, Session

ASSETS = {"desk.js": "text/javascript", "rules.js": "text/javascript", "claims.js": "text/javascript",
          "desk.css": "text/css"}
_SINGLE = frozenset({b"host", b"origin", b"sec-fetch-site", b"x-desk-token", b"content-type"})
MAX_BODY = 4 << 20  # a claim file is capped far below this
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; "
                                 b"img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                                 b"form-action 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class Guard:
    """ASGI middleware: refuse any request that is not from the page this desk opened."""

    def __init__(self, app: Any, token: str, port: int) -> None:
        self.app, self.token = app, token.encode()
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}
        self.origins = {b"http://" + host for host in self.hosts}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self.refusal(scope)
        if refusal is not None:
            status, why = refusal
            return await Response(why + "\n", status, media_type="text/plain",
                                  headers={"cache-control": "no-store"})(scope, receive, send)

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)

    def refusal(self, scope: Any) -> tuple[int, str] | None:
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            name = name.lower()
            if name in headers and name in _SINGLE:  # two Hosts or two Origins: someone is playing tricks
                return 400, f"repeated {name.decode()} header"
            headers[name] = value
        if headers.get(b"host") not in self.hosts:
            return 403, "this desk answers only to its own address (Host)"
        origin = headers.get(b"origin")
        if origin is not None and origin not in self.origins:
            return 403, "requests from other sites are refused (Origin)"
        if headers.get(b"sec-fetch-site", b"same-origin") not in (b"same-origin", b"none"):
            return 403, "requests from other sites are refused (Sec-Fetch-Site)"
        given = headers.get(b"x-desk-token")
        if given is None:
            given = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token") or [""])[0].encode()
        if not hmac.compare_digest(given, self.token):
            return 403, "missing or wrong token: open the address figcheck desk printed"
        if scope["method"] == "POST" and headers.get(b"content-type", b"").split(b";")[0] != b"application/json":
            return 415, "the desk's API takes JSON"
        if scope["method"] not in ("GET", "POST", "HEAD"):
            return 405, "method not allowed"
        return None


def build_app(session: Session, token: str, port: int) -> Any:
    """The desk's ASGI app for one session, guarded for one port and token."""

    def page(request: Request) -> Response:
        html = _asset("desk.html").replace("{{token}}", token)
        return Response(html, media_type="text/html; charset=utf-8")

    def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return Response("not found\n", 404, media_type="text/plain")
        return Response(_asset(name), media_type=f"{ASSETS[name]}; charset=utf-8")

    def state(request: Request) -> Response:
        # `?check=0`: the file and the draft at once, for the page to show while it checks
        out = session.state(check=request.query_params.get("check") != "0")
        out["draft_text"] = session.draft_text()
        out["suggestions"] = session.suggestions()
        return JSONResponse(out)

    async def edit(request: Request) -> Response:
        body = await _json(request)
        try:
            session.edit(body.get("edit") or {})
        except EditError as exc:
            return JSONResponse({"error": str(exc)}, 422)
        return await _in_thread(lambda: session.state(reuse=True))

    async def save(request: Request) -> Response:
        await _json(request)
        try:
            session.save()
        except DeskError as exc:
            return JSONResponse({"error": str(exc), "changed_on_disk": True}, 409)
        except OSError as exc:
            return JSONResponse({"error": f"cannot write {session.shown}: {exc.strerror or exc}"}, 500)
        return JSONResponse(session.state(check=False))

    async def restore(request: Request) -> Response:
        body = await _json(request)
        try:
            session.restore(str(body.get("text") or ""), body.get("disk"))
        except DeskError as exc:
            return JSONResponse({"error": str(exc)}, 409)
        return await _in_thread(session.state)

    async def reload(request: Request) -> Response:
        await _json(request)
        session.reload()
        return await _in_thread(session.state)

    async def cancel(request: Request) -> Response:
        await _json(request)
        return JSONResponse({"cancelled": session.checker.cancel()})

    def progress(request: Request) -> Response:
        return JSONResponse({"running_for": session.checker.running_for(),
                             "budget": session.checker.options.time_budget,
                             "changed_on_disk": session.changed_on_disk()})

    async def rule(request: Request) -> Response:
        return JSONResponse(_rule_check(str((await _json(request)).get("rule") or "")))

    return Guard(Starlette(routes=[
        Route("/", page),
        Route("/static/{name}", asset),
        Route("/api/state", state),
        Route("/api/progress", progress),
        Route("/api/edit", edit, methods=["POST"]),
        Route("/api/save", save, methods=["POST"]),
        Route("/api/restore", restore, methods=["POST"]),
        Route("/api/reload", reload, methods=["POST"]),
        Route("/api/cancel", cancel, methods=["POST"]),
        Route("/api/rule", rule, methods=["POST"]),
    ]), token, port)


async def _json(request: Request) -> dict[str, Any]:
    """The request's JSON object; 413 past the size cap, 400 for anything but an object."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise HTTPException(413, "too large for the desk")
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise HTTPException(400, "not JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "expected a JSON object")
    return data


async def _in_thread(func: Any) -> Response:
    from starlette.concurrency import run_in_threadpool

    return JSONResponse(await run_in_threadpool(func))


def _rule_check(text: str) -> dict[str, Any]:
    """Whether a rule reads, and where it stops reading when it does not: the editor's marks."""
    from ..rules import names, parse_rule

    try:
        formula = parse_rule(text)
    except LocalError as exc:
        return {"ok": False, "message": exc.message, "offset": exc.offset, "hint": exc.hint}
    return {"ok": True, "names": sorted(set(names(formula)))}


def _asset(name: str) -> str:
    return importlib.resources.files("checker.desk").joinpath("static", name).read_text(encoding="utf-8")
