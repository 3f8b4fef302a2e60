"""A blueprint without routes: it only adds the e-mail templates to the app's loader."""

from flask import Blueprint

bp = Blueprint("mail", __name__, template_folder="templates")
