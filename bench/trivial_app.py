"""The baseline for bench/pages.py: the cheapest Flask response, same server settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "ok"
