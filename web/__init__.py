"""The web front end: a Flask app factory (see web/app.py)."""

from web.app import create_app

__all__ = ["create_app"]
