"""The permission policy: who may do what. Views use these; templates ask ``can``.

Every protected view declares its rule with one of the decorators below, so the access
matrix test can walk the URL map and check each route for each kind of visitor.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import current_user

from storefront.accounts.models import Role, User
from storefront.audit.recording import Actor


def _to_login():
    return redirect(url_for("accounts.login", lang=g.get("lang", "vi"),
                            next=request.full_path.rstrip("?")))


def login_required(view):
    """Signed in, whatever the role."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _to_login()
        return view(*args, **kwargs)
    return wrapper


def roles_required(*roles: Role):
    """Signed in with one of ``roles``; others get 403, visitors the sign-in page."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return _to_login()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


admin_required = roles_required(Role.ADMIN)
producer_staff_required = roles_required(Role.PRODUCER_STAFF)


def verified_distributor_required(view):
    """Verified distributors only (quotes); a pending one is told why, others get 403."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _to_login()
        if not current_user.is_verified_distributor:
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def sees_wholesale(user: User) -> bool:
    """Wholesale tiers are for verified distributors (and the office, which sets them)."""
    return user.is_authenticated and (user.is_verified_distributor or user.role == Role.ADMIN)


def owns_producer(user: User, producer_id: int) -> bool:
    """Producer staff act for their own producer only."""
    return (user.is_authenticated and user.role == Role.PRODUCER_STAFF
            and user.producer_id == producer_id)


def can(action: str, user: User | None = None) -> bool:
    """For templates: {% if can('see_wholesale') %}."""
    user = user or current_user
    rules = {
        "see_wholesale": lambda: sees_wholesale(user),
        "request_quotes": lambda: user.is_authenticated and user.is_verified_distributor,
        "use_admin": lambda: user.is_authenticated and user.role == Role.ADMIN,
        "use_producer_portal": lambda: user.is_authenticated and user.role == Role.PRODUCER_STAFF,
    }
    return rules[action]()


def audit_actor():
    """Who the audit log names for changes in this request: the office and producer staff.

    Buyers' and distributors' own changes (carts, orders, quotes) are recorded by their
    domains' histories instead.
    """
    user = current_user
    if not user or not user.is_authenticated or user.role not in (Role.ADMIN,
                                                                    Role.PRODUCER_STAFF):
        return None
    return Actor(id=user.id, email=user.email, role=str(user.role))
