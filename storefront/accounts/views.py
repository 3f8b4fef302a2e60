"""``/<lang>/account/…``: sign in and out, registration, passwords, profile, addresses."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from storefront.accounts import lockout, services, tokens
from storefront.accounts.forms import (
    AddressForm,
    ChangePasswordForm,
    ConfirmForm,
    DistributorRegisterForm,
    EmailOnlyForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    RegisterForm,
)
from storefront.accounts.models import Address
from storefront.accounts.permissions import login_required
from storefront.extensions import db, limiter
from storefront.geography import PROVINCES_BY_CODE
from storefront.security import safe_next

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.app_template_filter("province_name")
def province_name(code: str) -> str:
    province = PROVINCES_BY_CODE.get(code)
    return province.name if province else code


def _limit(name: str):
    return lambda: current_app.config[name]


def _link_email() -> str:
    return "sign-in-link:" + services.normalise_email(request.form.get("email", ""))


def _link_requested(response) -> bool:
    return response.status_code == 302  # a form with mistakes sent nothing: not counted


def show_error(form, error: services.AccountError) -> None:
    """Under its field when it has one, at the top of the page otherwise."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors.append(error.message)
    else:
        flash(error.message, "error")


def _token_problem(error: tokens.TokenError) -> str:
    if error.expired:
        return gettext("This link has expired. Ask for a new one below.")
    return gettext("This link is not valid or has already been used.")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_PER_IP"), methods=["POST"])
def login():
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("accounts.profile"))
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 400 if form.errors else 200
    email = services.normalise_email(form.email.data)
    if lockout.is_kept_out(email):
        return _kept_out(email)
    user = services.authenticate(email, form.password.data)
    if user is None:
        lockout.record_failure(email)
        flash(gettext("The e-mail or the password is not right."), "error")
        return render_template("accounts/login.html", form=form), 401
    lockout.forget_failures(email)
    login_user(user, remember=form.remember.data)
    db.session.commit()
    return redirect(safe_next(request.args.get("next")) or url_for("accounts.profile"))


def _kept_out(email: str):
    """Too many wrong passwords from here: wait, or sign in with a link by e-mail."""
    seconds = lockout.seconds_until_retry(email)
    page = render_template("accounts/sign_in_link.html", wait_minutes=-(-seconds // 60),
                           form=EmailOnlyForm(formdata=None, email=email))
    return page, 429, {"Retry-After": str(seconds)}


@bp.route("/login/link", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_PER_IP"), methods=["POST"])
@limiter.limit(_limit("RATELIMIT_SIGN_IN_LINK"), methods=["POST"], key_func=_link_email,
               deduct_when=_link_requested)
def sign_in_link():
    form = EmailOnlyForm()
    if not form.validate_on_submit():
        return render_template("accounts/sign_in_link.html", form=form, wait_minutes=None), \
            400 if form.errors else 200
    services.request_sign_in_link(form.email.data, g.lang)
    db.session.commit()
    return redirect(url_for("accounts.sign_in_link_sent"))


@bp.get("/login/link/sent")
def sign_in_link_sent():
    return render_template("accounts/mail_sent.html", message=gettext(
        "If an account uses that address, an e-mail with a sign-in link is on its way. The "
        "link works once, for 15 minutes."))


@bp.route("/login/link/<token>", methods=["GET", "POST"])
def sign_in_by_link(token: str):
    # Opening the link only asks; the button signs in. Mail scanners that fetch every
    # link in a message would otherwise use it up before its owner clicks.
    try:
        user = services.user_for_sign_in_link(token)
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", problem=_token_problem(error),
                               retry=url_for("accounts.sign_in_link")), 400
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("accounts/sign_in_by_link.html", form=form, email=user.email), \
            400 if form.errors else 200
    services.record_link_sign_in(user)
    lockout.forget_failures(user.email)
    login_user(user)
    db.session.commit()
    flash(gettext("You are signed in."), "info")
    return redirect(url_for("accounts.profile"))


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        if current_user.is_authenticated:
            # Rotated, not only forgotten here: a copied session or remember-me cookie
            # would otherwise still open the account after sign-out.
            services.sign_out_everywhere(current_user)
            db.session.commit()
        logout_user()
        flash(gettext("You are signed out."), "info")
    return redirect(url_for("home.index"))


def _register(form, register):
    if not form.validate_on_submit():
        return None
    try:
        register(form)
    except services.AccountError as error:
        show_error(form, error)
        return None
    db.session.commit()
    return redirect(url_for("accounts.registered"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_REGISTER_PER_IP"), methods=["POST"])
def register():
    form = RegisterForm()
    done = _register(form, lambda f: services.register_customer(
        email=f.email.data, password=f.password.data, name=f.name.data, locale=g.lang))
    return done or (render_template("accounts/register.html", form=form),
                    400 if request.method == "POST" else 200)


@bp.route("/register/distributor", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_REGISTER_PER_IP"), methods=["POST"])
def register_distributor():
    form = DistributorRegisterForm()
    done = _register(form, lambda f: services.register_distributor(
        email=f.email.data, password=f.password.data, name=f.name.data, locale=g.lang,
        company_name=f.company_name.data, tax_code=f.tax_code.data,
        business_address=f.business_address.data, phone=f.phone.data))
    return done or (render_template("accounts/register_distributor.html", form=form),
                    400 if request.method == "POST" else 200)


@bp.get("/register/check-your-mail")
def registered():
    return render_template("accounts/registered.html")


@bp.get("/verify-email/<token>")
def verify_email(token: str):
    try:
        services.confirm_email(token)
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", problem=_token_problem(error)), 400
    db.session.commit()
    flash(gettext("Thank you: your e-mail address is verified."), "info")
    return redirect(url_for("accounts.profile") if current_user.is_authenticated
                    else url_for("accounts.login"))


@bp.post("/verify-email/resend")
@login_required
def resend_verification():
    if ConfirmForm().validate_on_submit():
        services.resend_verification(current_user)
        db.session.commit()
        flash(gettext("We sent the verification link again."), "info")
    return redirect(url_for("accounts.profile"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_REGISTER_PER_IP"), methods=["POST"])
def forgot_password():
    form = EmailOnlyForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form), \
            400 if form.errors else 200
    services.request_password_reset(form.email.data, g.lang)
    db.session.commit()
    return redirect(url_for("accounts.reset_sent"))


@bp.get("/password/forgot/sent")
def reset_sent():
    return render_template("accounts/mail_sent.html", message=gettext(
        "If an account uses that address, an e-mail with a link to choose a new password is "
        "on its way. The link works once, for two hours."))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset(token)
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", problem=_token_problem(error),
                               retry=url_for("accounts.forgot_password")), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except services.AccountError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash(gettext("Your password is changed. Sign in with the new one."), "info")
            logout_user()
            return redirect(url_for("accounts.login", email=user.email))
    return render_template("accounts/reset_password.html", form=form), \
        400 if form.errors else 200


@bp.route("/password/change", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.password.data)
        except services.AccountError as error:
            show_error(form, error)
        else:
            db.session.commit()
            login_user(current_user)  # the session token changed: keep this browser in
            flash(gettext("Your password is changed; other devices are signed out."), "info")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), \
        400 if form.errors else 200


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invited = services.user_for_invitation(token)
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", problem=_token_problem(error)), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(token, form.password.data)
        except services.AccountError as error:
            show_error(form, error)
        else:
            db.session.commit()
            login_user(user)
            flash(gettext("Welcome! Your account is ready."), "info")
            return redirect(url_for("producer_portal.index"))
    return render_template("accounts/accept_invitation.html", form=form, invited=invited), \
        400 if form.errors else 200


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, name=form.name.data, phone=form.phone.data,
                                    locale=form.locale.data)
        except services.AccountError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash(gettext("Your details are saved."), "info")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, confirm=ConfirmForm()), \
        400 if form.errors else 200


def _own_address(address_id: int) -> Address:
    address = db.session.get(Address, address_id)
    if address is None or address.user_id != current_user.id:
        abort(404)
    return address


@bp.get("/addresses")
@login_required
def addresses():
    return render_template("accounts/addresses.html", confirm=ConfirmForm())


@bp.route("/addresses/new", methods=["GET", "POST"])
@bp.route("/addresses/<int:address_id>", methods=["GET", "POST"])
@login_required
def edit_address(address_id: int | None = None):
    address = _own_address(address_id) if address_id else None
    form = AddressForm(obj=address)
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in
                  ("recipient_name", "phone", "street", "commune", "province_code")}
        try:
            services.save_address(current_user, address, make_default=form.make_default.data,
                                  **fields)
        except services.AccountError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash(gettext("The address is saved."), "info")
            return redirect(url_for("accounts.addresses"))
    return render_template("accounts/address_form.html", form=form, address=address), \
        400 if request.method == "POST" else 200


@bp.post("/addresses/<int:address_id>/delete")
@login_required
def delete_address(address_id: int):
    address = _own_address(address_id)
    if ConfirmForm().validate_on_submit():
        services.delete_address(current_user, address)
        db.session.commit()
        flash(gettext("The address is deleted."), "info")
    return redirect(url_for("accounts.addresses"))


@bp.post("/addresses/<int:address_id>/default")
@login_required
def default_address(address_id: int):
    address = _own_address(address_id)
    if ConfirmForm().validate_on_submit():
        services.set_default_address(current_user, address)
        db.session.commit()
    return redirect(url_for("accounts.addresses"))
