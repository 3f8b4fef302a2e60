"""Account forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from storefront.accounts.passwords import MAX_LENGTH
from storefront.geography import province_choices

LANGUAGE_CHOICES = [SelectChoice("vi", "Tiếng Việt"), SelectChoice("en", "English")]


def _email_field():
    return EmailField(_l("E-mail"), validators=[
        InputRequired(_l("Enter your e-mail address.")),
        Email(_l("This does not look like an e-mail address."), check_deliverability=False),
        Length(max=255),
    ])


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password.")),
                                                         Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[InputRequired(_l("Enter your name.")),
                                                    Length(max=120)])
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Choose a password.")),
                                                         Length(max=MAX_LENGTH)])


class DistributorRegisterForm(RegisterForm):
    company_name = StringField(_l("Company name"), validators=[
        InputRequired(_l("Enter the company name.")), Length(max=200)])
    tax_code = StringField(_l("Tax code (mã số thuế)"), validators=[
        InputRequired(_l("Enter the tax code.")), Length(max=20)])
    business_address = StringField(_l("Business address"), validators=[
        InputRequired(_l("Enter the business address.")), Length(max=300)])
    phone = StringField(_l("Phone"), validators=[InputRequired(_l("Enter a phone number.")),
                                                 Length(max=20)])


class EmailOnlyForm(FlaskForm):
    email = _email_field()


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[
        InputRequired(_l("Choose a password.")), Length(max=MAX_LENGTH)])


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)])


class ProfileForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[InputRequired(_l("Enter your name.")),
                                                    Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=20)])
    locale = SelectField(_l("Language for e-mails"), choices=LANGUAGE_CHOICES)


class AddressForm(FlaskForm):
    recipient_name = StringField(_l("Recipient"), validators=[
        InputRequired(_l("Enter who receives the parcel.")), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[InputRequired(_l("Enter a phone number.")),
                                                 Length(max=20)])
    street = StringField(_l("House number and street"), validators=[
        InputRequired(_l("Enter the house number and street.")), Length(max=200)])
    commune = StringField(_l("Commune or ward"), validators=[
        InputRequired(_l("Enter the commune or ward.")), Length(max=120)])
    province_code = SelectField(_l("Province or city"), choices=[])
    make_default = BooleanField(_l("Use as my default address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_code.choices = [
            SelectChoice("", _l("Choose…")),
            *(SelectChoice(code, name) for code, name in province_choices()),
        ]


class ConfirmForm(FlaskForm):
    """A button that changes something (sign out, delete): the form is the CSRF token."""
