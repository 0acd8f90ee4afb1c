"""The web application: the JSON API (``api``), the dashboard pages (``web.pages``) and their static
files, over one Store. ``communique serve`` runs it with uvicorn.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique import __version__
from communique.api import RateLimiter, code, router as api_router
from communique.store import Store
from communique.web.pages import router as pages_router

WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_BODY_BYTES = 1_000_000
CODE_REQUESTS_PER_MINUTE = 30
ERROR_KINDS = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
               415: "unsupported_media_type", 422: "invalid_request", 429: "too_many_requests"}
# Everything the pages use is served from here: no CDN, no tiles, no fonts from elsewhere.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class BodySizeLimit:
    """Refuses bodies over ``max_bytes`` with 413: by Content-Length up front, else while reading."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            too_large = declared.isdigit()
            response = error_response(413 if too_large else 400, self.too_large_message() if too_large
                                      else "the Content-Length header is not a number")
            return await response(scope, receive, send)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(status_code=413, detail=self.too_large_message())
            return message

        await self.app(scope, limited_receive, send)

    def too_large_message(self) -> str:
        return f"the body is larger than the limit of {self.max_bytes:,} bytes"


def error_response(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": ERROR_KINDS.get(status, "error"), "message": message}, status_code=status,
                        headers=headers)


def create_app(db: str | Store | None = None, *, max_body_bytes: int = MAX_BODY_BYTES,
               code_requests_per_minute: int = CODE_REQUESTS_PER_MINUTE) -> FastAPI:
    """The app over a database URL (or an open Store); ``None`` is $COMMUNIQUE_DB or ./communique.db."""
    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, and the dashboard fetches nothing.
    app = FastAPI(title="communique", version=__version__, docs_url=None, redoc_url=None,
                  description="Political events coded from news: documents, events, actors, quotes, dyads; "
                              "and coding of posted text. See docs/api.md.")
    app.state.store = db if isinstance(db, Store) else Store(db)
    app.state.rate_limiter = RateLimiter(code_requests_per_minute)
    app.include_router(api_router)
    # The issue names the coding endpoint POST /code; GET /code is the page that uses it.
    app.add_api_route("/code", code, methods=["POST"], include_in_schema=False)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and not request.url.path.startswith(("/api/", "/static/")):
            from communique.web.pages import not_found_page

            return not_found_page(request, str(exc.detail))
        message = exc.detail if isinstance(exc.detail, str) and exc.detail != "Not Found" else \
            f"nothing at {request.url.path}" if exc.status_code == 404 else str(exc.detail)
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(p) for p in e['loc'] if p not in ('query', 'path', 'body'))}: {e['msg']}"
                    for e in exc.errors()]
        return error_response(422, "invalid request: " + "; ".join(problems))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return app
