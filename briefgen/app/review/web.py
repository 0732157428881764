"""The review page: a Starlette application with server-rendered Jinja pages and plain forms.

Security, for a page that edits the fact base from a browser: it is bound to 127.0.0.1 by the
server; every request needs the per-run token (from the opened URL, then an HttpOnly,
SameSite=Strict cookie); every form carries a CSRF token and a foreign Origin is refused; the
Host header must name this server (DNS rebinding); files are served only from build/ and the
page's own static folder.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from briefgen.app.review import actions
from briefgen.app.review.queue import Filters, build_queue, fact_detail, fact_rows, filter_choices
from briefgen.core.vocab import APPROX, EVENT_KINDS, METRICS, SCOPES, UNITS
from briefgen.errors import BriefgenError

STATIC = Path(__file__).parent / "static"
# Fields a correction may change, per kind, in the order the form shows them.
CORRECT_FIELDS = {
    "figure": ("value", "unit", "metric", "period", "approx", "scope", "base"),
    "person": ("name", "role", "organisation", "country", "date"),
    "event": ("event", "title", "date", "place", "ordinal"),
    "topic": ("topic",),
}
CHOICES = {"metric": METRICS, "unit": UNITS, "approx": APPROX, "scope": SCOPES, "event": EVENT_KINDS}
HEADERS = {
    # No script but our own file, no framing; no Referer to other sites (links to articles' web
    # pages). "no-referrer" would also make browsers send "Origin: null" with our own forms.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@dataclass
class Settings:
    """One run of the page: workspace, partner, port and the run's secrets."""

    config: Any
    partner: str
    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    as_of: dt.date | None = None
    # Rebuild ingests and extracts new articles first, as `briefgen build` does.
    prepare: bool = True

    @property
    def cookie(self) -> str:
        """Cookies are per host, not per port: two pages on two ports keep theirs apart."""
        return f"briefgen_review_{self.port}"

    @property
    def hosts(self) -> set[str]:
        """Host headers this server answers to."""
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def origins(self) -> set[str]:
        """Origins a form post may come from."""
        return {f"http://{host}" for host in self.hosts}

    def url(self) -> str:
        """The address to open: it carries the token once."""
        return f"http://127.0.0.1:{self.port}/?{urlencode({'token': self.token})}"


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


class Guard:
    """ASGI middleware: Host check, per-run token (URL then cookie), security headers."""

    def __init__(self, app: Any, settings: Settings):
        self.app, self.settings = app, settings

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        settings = self.settings
        if request.headers.get("host", "") not in settings.hosts:
            response: Response = PlainTextResponse("refused: unknown Host header", status_code=421)
        elif _same(request.query_params.get("token"), settings.token):
            # Trade the token in the URL for a cookie, and drop it from the address bar.
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(settings.cookie, settings.token, httponly=True, samesite="strict", path="/")
        elif not _same(request.cookies.get(settings.cookie), settings.token):
            response = PlainTextResponse(
                "refused: open the address `briefgen review` printed (it carries this run's token)", status_code=403)
        else:
            async def send_with_headers(message: dict) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, send_with_headers)
            return
        for key, value in HEADERS.items():
            response.headers[key] = value
        await response(scope, receive, send)


def create_app(settings: Settings) -> Any:
    """The ASGI application of one review run (wrapped in its Guard)."""
    env = Environment(loader=PackageLoader("briefgen.app.review", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(csrf=settings.csrf, partner=settings.partner, choices=CHOICES)
    env.filters["urlencode_id"] = lambda value: urlencode({"id": value})
    workspace = actions.Workspace(settings.config, settings.partner, settings.as_of, prepare=settings.prepare)

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    async def form_of(request: Request) -> dict[str, str] | Response:
        """The posted form, or a refusal when it comes from another site or lacks the CSRF token."""
        origin = request.headers.get("origin")
        cross_site = request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")
        if (origin is not None and origin not in settings.origins) or cross_site:
            return PlainTextResponse("refused: form posted from another site", status_code=403)
        form = await request.form()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        if not _same(values.get("csrf"), settings.csrf):
            return PlainTextResponse("refused: the form's CSRF token is missing or wrong; reload the page",
                                     status_code=403)
        return values

    async def queue(request: Request) -> Response:
        state = workspace.state()
        items = build_queue(state.fb, state.report, settings.partner)
        return page("queue.html", items=items, summaries=workspace.summaries(state, items))

    async def facts(request: Request) -> Response:
        state = workspace.state()
        params = request.query_params
        filters = Filters(**{k: params.get(k, "") for k in ("kind", "metric", "period", "source", "status")})
        return page("facts.html", rows=fact_rows(state.fb, settings.partner, filters), filters=filters,
                    options=filter_choices(state.fb, settings.partner))

    def show_fact(fact_id: str, *, message: str | None = None, errors: list[str] | None = None,
                  form: dict | None = None) -> Response:
        state = workspace.state()
        if fact_id not in state.fb.records:
            return page("error.html", status=404, message=f"no fact with id {fact_id!r}")
        text, missing = workspace.article_text(state.fb.records[fact_id])
        detail = fact_detail(settings.config, state.fb, state.report, fact_id, text, missing)
        return page("fact.html", status=400 if errors else 200, d=detail, message=message, errors=errors or [],
                    form=form or {}, correct_fields=CORRECT_FIELDS.get(detail.record.fact.kind, ()))

    def show_source(source_id: str, *, errors: list[str] | None = None) -> Response:
        state = workspace.state()
        source = state.fb.sources.get(source_id)
        if source is None:
            return page("error.html", status=404, message=f"no registered source {source_id!r}")
        text, missing = workspace.source_text(source_id)
        rows = fact_rows(state.fb, settings.partner, Filters(source=source_id))
        return page("source.html", status=400 if errors else 200, source=source, text=text, missing=missing,
                    rows=rows, errors=errors or [])

    async def source(request: Request) -> Response:
        return show_source(request.query_params.get("id", ""))

    async def fact(request: Request) -> Response:
        return show_fact(request.query_params.get("id", ""), message=actions.DONE.get(request.query_params.get("done", "")))

    def action(name: str):  # noqa: ANN202 - a route endpoint
        async def endpoint(request: Request) -> Response:
            values = await form_of(request)
            if isinstance(values, Response):
                return values
            fact_id = values.get("id", "")
            try:
                target = getattr(workspace, name)(values)
            except BriefgenError as exc:
                if not fact_id:  # the add form of an article's page
                    return show_source(values.get("source", ""), errors=[str(exc)])
                return show_fact(fact_id, errors=[str(exc)], form=values)
            return RedirectResponse(f"/fact?{urlencode({'id': target, 'done': name})}", status_code=303)
        return endpoint

    async def rebuild(request: Request) -> Response:
        values = await form_of(request)
        if isinstance(values, Response):
            return values
        try:
            result = workspace.rebuild()
        except BriefgenError as exc:
            return page("rebuild.html", status=500, result=None, error=str(exc))
        return page("rebuild.html", result=result, error=None)

    async def built_file(request: Request) -> Response:
        path = workspace.build_file(request.path_params["path"])
        if path is None:
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path)

    routes = [
        Route("/", queue),
        Route("/facts", facts),
        Route("/fact", fact),
        Route("/source", source),
        *(Route(f"/fact/{name}", action(name), methods=["POST"]) for name in actions.ACTIONS),
        Route("/rebuild", rebuild, methods=["POST"]),
        Route("/build/{path:path}", built_file),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Guard(Starlette(routes=routes), settings)
