"""Response headers (a strict Content-Security-Policy among them) and role checks for views.

The CSP allows nothing but this origin: no inline script or style, no CDN. Pages that need
more (the Stripe card page) widen it for themselves through ``g.csp_extra``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, g, request

BASE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def content_security_policy(extra: dict[str, list[str]] | None = None) -> str:
    directives = {name: list(sources) for name, sources in BASE_CSP.items()}
    for name, sources in (extra or {}).items():
        directives[name] = [s for s in directives.get(name, []) if s != "'none'"] + sources
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(g.get("csp_extra")))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site (``next=`` must not lead elsewhere)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def init_app(app: Flask) -> None:
    app.after_request(_set_security_headers)
