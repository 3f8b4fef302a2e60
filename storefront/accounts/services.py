"""Changes to accounts. Services flush, never commit; each raises AccountError with a
localized message the view shows as it is.

No answer here tells a stranger whether an address has an account: registration with a
known address and a reset for an unknown one look the same from outside; only the owner
of the mailbox learns more, by e-mail.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext

from storefront.accounts import passwords, tokens
from storefront.accounts.models import (
    Address,
    DistributorProfile,
    DistributorStatus,
    Role,
    User,
    new_session_token,
)
from storefront.accounts.validation import normalise_tax_code
from storefront.catalog.models import Producer
from storefront.clock import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.geography import PROVINCES_BY_CODE, normalise_phone
from storefront.links import external_url
from storefront.mail.services import queue_email
from storefront.text import nfc


class AccountError(DomainError):
    """``field`` names the form field the message belongs to, when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(raw: str) -> str:
    return nfc(raw or "").strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def user_by_session_token(token: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.session_token == token))


def sign_out_everywhere(user: User) -> None:
    """A new session token: every cookie issued before (session or "remember me", in this
    browser or a copy of it, or on another device) stops opening the account."""
    user.session_token = new_session_token()
    db.session.flush()


def _check_password(password: str, email: str) -> None:
    problem = passwords.password_problem(password, email)
    if problem:
        raise AccountError(problem, field="password")


def _set_password(user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    user.session_token = new_session_token()  # every other browser is signed out


def _send_verification(user: User) -> None:
    token = tokens.make_token(user, tokens.VERIFY_EMAIL)
    queue_email("verify_email", user.email, user.locale, to_name=user.name,
                link=external_url("accounts.verify_email", lang=user.locale, token=token))


def _warn_existing_owner(user: User) -> None:
    queue_email("already_registered", user.email, user.locale, to_name=user.name,
                login_link=external_url("accounts.login", lang=user.locale),
                reset_link=external_url("accounts.forgot_password", lang=user.locale))


def register_customer(*, email: str, password: str, name: str, locale: str) -> User | None:
    """Create a customer and send the verification link.

    If the address already has an account, nothing is created and its owner gets an
    e-mail instead (returns None). Raises AccountError for an unacceptable password.
    """
    email = normalise_email(email)
    _check_password(password, email)
    # Hashed whether or not the address is known: skipping scrypt for known addresses
    # answered ten times faster, which told anyone which addresses have an account.
    password_hash = passwords.hash_password(password)
    existing = user_by_email(email)
    if existing is not None:
        _warn_existing_owner(existing)
        return None
    user = User(email=email, name=nfc(name).strip(), locale=locale, role=Role.CUSTOMER,
                password_hash=password_hash, session_token=new_session_token())
    db.session.add(user)
    db.session.flush()
    _send_verification(user)
    return user


def register_distributor(*, email: str, password: str, name: str, locale: str,
                         company_name: str, tax_code: str, business_address: str,
                         phone: str) -> User | None:
    """Create a distributor, pending until the office verifies the business.

    Raises AccountError for a bad tax code, phone or password. Returns None (and warns the
    owner by e-mail) when the address already has an account.
    """
    code = normalise_tax_code(tax_code)
    if code is None:
        raise AccountError(gettext(
            "A tax code (mã số thuế) has 10 digits, or 13 for a branch: 0123456789-001."),
            field="tax_code")
    phone_number = normalise_phone(phone)
    if phone_number is None:
        raise AccountError(gettext("Enter a Vietnamese phone number, like 0912 345 678."),
                           field="phone")
    user = register_customer(email=email, password=password, name=name, locale=locale)
    if user is None:
        return None
    user.role = Role.DISTRIBUTOR
    user.phone = phone_number
    user.distributor = DistributorProfile(
        company_name=nfc(company_name).strip(), tax_code=code,
        business_address=nfc(business_address).strip(), phone=phone_number,
        contact_person=nfc(name).strip(),
    )
    db.session.flush()
    for admin in db.session.scalars(sa.select(User).where(User.role == Role.ADMIN,
                                                          User.active.is_(True))):
        queue_email("distributor_waiting", admin.email, admin.locale, to_name=admin.name,
                    company=user.distributor.company_name, tax_code=code,
                    link=external_url("admin.distributors", lang=admin.locale))
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same work either way)."""
    user = user_by_email(email)
    matches = passwords.password_matches(user.password_hash if user else None, password)
    if user is None or not matches or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def confirm_email(token: str) -> User:
    """Mark the e-mail of the token's user as verified. Raises tokens.TokenError."""
    user = tokens.read_token(token, tokens.VERIFY_EMAIL, lambda uid: db.session.get(User, uid))
    user.email_verified_at = utcnow()
    return user


def resend_verification(user: User) -> None:
    if user.email_verified_at is None:
        _send_verification(user)


def _mail_link(email: str, locale: str, purpose: tokens.Purpose, kind: str,
               endpoint: str) -> None:
    """E-mail a ``purpose`` link to the account of ``email`` if it has a password (an
    invitation not yet accepted has none); silent if not, so that the answer tells a
    stranger nothing."""
    user = user_by_email(email)
    if user is None or not user.active or not user.has_password:
        return
    language = user.locale or locale
    queue_email(kind, user.email, language, to_name=user.name,
                link=external_url(endpoint, lang=language,
                                  token=tokens.make_token(user, purpose)))


def request_password_reset(email: str, locale: str) -> None:
    _mail_link(email, locale, tokens.RESET_PASSWORD, "reset_password", "accounts.reset_password")


def request_sign_in_link(email: str, locale: str) -> None:
    _mail_link(email, locale, tokens.SIGN_IN, "sign_in_link", "accounts.sign_in_by_link")


def user_for_sign_in_link(token: str) -> User:
    """Raises tokens.TokenError for a bad, expired or used link."""
    user = tokens.read_token(token, tokens.SIGN_IN, lambda uid: db.session.get(User, uid))
    if not user.active:
        raise tokens.TokenError()
    return user


def record_link_sign_in(user: User) -> None:
    """The user of a valid sign-in link signs in, which uses the link up."""
    user.last_login_at = utcnow()
    user.email_verified_at = user.email_verified_at or utcnow()  # they read the mailbox


def user_for_reset(token: str) -> User:
    """Raises tokens.TokenError for a bad, expired or used link."""
    return tokens.read_token(token, tokens.RESET_PASSWORD, lambda uid: db.session.get(User, uid))


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link (which then stops working).

    Raises tokens.TokenError or AccountError.
    """
    user = user_for_reset(token)
    _check_password(new_password, user.email)
    _set_password(user, new_password)
    user.email_verified_at = user.email_verified_at or utcnow()  # they read the mailbox
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Raises AccountError if ``current`` is wrong or ``new`` unacceptable."""
    if not passwords.password_matches(user.password_hash, current):
        raise AccountError(gettext("Your current password is not right."),
                           field="current_password")
    _check_password(new, user.email)
    _set_password(user, new)


def update_profile(user: User, *, name: str, phone: str, locale: str) -> None:
    """Raises AccountError for a phone number that is not Vietnamese."""
    phone_number = normalise_phone(phone) if phone.strip() else ""
    if phone_number is None:
        raise AccountError(gettext("Enter a Vietnamese phone number, like 0912 345 678."),
                           field="phone")
    user.name, user.phone, user.locale = nfc(name).strip(), phone_number, locale


# -- addresses -----------------------------------------------------------------------------

def _address_fields(recipient_name: str, phone: str, street: str, commune: str,
                    province_code: str) -> dict:
    phone_number = normalise_phone(phone)
    if phone_number is None:
        raise AccountError(gettext("Enter a Vietnamese phone number, like 0912 345 678."),
                           field="phone")
    if province_code not in PROVINCES_BY_CODE:
        raise AccountError(gettext("Choose a province from the list."), field="province_code")
    fields = {"recipient_name": recipient_name, "street": street, "commune": commune}
    if not all(value.strip() for value in fields.values()):
        raise AccountError(gettext("Fill in the name, street and commune or ward."))
    return {**{k: nfc(v).strip() for k, v in fields.items()}, "phone": phone_number,
            "province_code": province_code}


def save_address(user: User, address: Address | None = None, *, make_default: bool = False,
                 **fields: str) -> Address:
    """Add (or update ``address``); the first address is the default. Raises AccountError."""
    values = _address_fields(**fields)
    if address is None:
        make_default = make_default or not user.addresses
        address = Address(**values)
        user.addresses.append(address)
    elif address.user_id != user.id:
        raise AccountError(gettext("This address is not yours."))
    else:
        for key, value in values.items():
            setattr(address, key, value)
    if make_default:
        set_default_address(user, address)
    db.session.flush()
    return address


def set_default_address(user: User, address: Address) -> None:
    for other in user.addresses:
        other.is_default = other is address


def delete_address(user: User, address: Address) -> None:
    """Raises AccountError if the address belongs to someone else."""
    if address.user_id != user.id:
        raise AccountError(gettext("This address is not yours."))
    was_default = address.is_default
    user.addresses.remove(address)
    db.session.flush()
    if was_default and user.addresses:
        user.addresses[0].is_default = True


# -- the OCOP office's decisions ------------------------------------------------------------

def decide_distributor(admin: User, profile: DistributorProfile, *, verify: bool,
                       note: str = "") -> None:
    """Verify or reject a distributor and tell them by e-mail. Raises AccountError."""
    if not verify and not note.strip():
        raise AccountError(gettext("Say why the registration is rejected; the company sees it."))
    profile.status = DistributorStatus.VERIFIED if verify else DistributorStatus.REJECTED
    profile.decided_at, profile.decided_by, profile.decision_note = utcnow(), admin, nfc(note)
    user = profile.user
    queue_email("distributor_verified" if verify else "distributor_rejected", user.email,
                user.locale, to_name=user.name, company=profile.company_name, note=note,
                link=external_url("search.products", lang=user.locale))


def set_payment_terms(profile: DistributorProfile, approved: bool) -> None:
    """Let a verified distributor buy on account (net 7/15/30), or stop it.

    Raises AccountError for a distributor not verified.
    """
    if approved and profile.status != DistributorStatus.VERIFIED:
        raise AccountError(gettext("Verify the distributor first."))
    profile.terms_approved = approved


def invite_producer_staff(admin: User, producer: Producer, *, email: str, name: str,
                          locale: str) -> User:
    """Create a staff account for ``producer`` and e-mail the link that sets its password.

    Raises AccountError if the address already has an account.
    """
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(gettext("Enter an e-mail address."), field="email")
    if user_by_email(email) is not None:
        raise AccountError(gettext("This address already has an account."), field="email")
    user = User(email=email, name=nfc(name).strip(), locale=locale, role=Role.PRODUCER_STAFF,
                producer=producer)
    db.session.add(user)
    db.session.flush()
    token = tokens.make_token(user, tokens.INVITATION)
    queue_email("producer_invitation", email, locale, to_name=user.name,
                producer_name=producer.text(locale).name, inviter=admin.name,
                link=external_url("accounts.accept_invitation", lang=locale, token=token))
    return user


def user_for_invitation(token: str) -> User:
    """Raises tokens.TokenError for a bad, expired or used invitation."""
    return tokens.read_token(token, tokens.INVITATION, lambda uid: db.session.get(User, uid))


def accept_invitation(token: str, password: str) -> User:
    """Set the invited person's password. Raises tokens.TokenError or AccountError."""
    user = user_for_invitation(token)
    _check_password(password, user.email)
    _set_password(user, password)
    user.email_verified_at = utcnow()
    return user


def create_admin(*, email: str, password: str, name: str, locale: str = "vi") -> User:
    """Raises AccountError for a taken address or an unacceptable password."""
    email = normalise_email(email)
    if user_by_email(email) is not None:
        raise AccountError(gettext("This address already has an account."))
    _check_password(password, email)
    user = User(email=email, name=nfc(name).strip(), locale=locale, role=Role.ADMIN,
                email_verified_at=utcnow())
    _set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def set_active(admin: User, user: User, active: bool) -> None:
    """Suspend or restore an account; a suspended one is signed out everywhere at once.

    Raises AccountError when the office would lock itself out.
    """
    if user.id == admin.id and not active:
        raise AccountError(gettext("You cannot suspend your own account."))
    user.active = active
    if not active:
        user.session_token = new_session_token()
    db.session.flush()
