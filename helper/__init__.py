"""ScamGuard helper: judges whether a URL (and page) impersonates Amazon, locally, on 127.0.0.1."""
from __future__ import annotations

from flask import Flask

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8731
MAX_BODY_BYTES = 8 * 1024 * 1024   # a 1,000,000-character Japanese page is ~3 MB of UTF-8, ~6 MB as \\u escapes


def create_app(config: dict | None = None) -> Flask:
    """The Flask app factory. `config` may carry ENGINE (a ready Engine), LOG_URLS (default False) and
    ALLOW_EXTENSIONS (ids served besides ScamGuard's own, for development builds)."""
    from .api import bp, register_error_handlers
    from .engine import Engine
    from .knowledge import extension_ids

    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, LOG_URLS=False, JSON_SORT_KEYS=False)
    app.config.update(config or {})
    app.config["EXTENSION_IDS"] = extension_ids() | frozenset(app.config.get("ALLOW_EXTENSIONS") or ())
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["scamguard_engine"] = app.config.get("ENGINE") or Engine()
    app.register_blueprint(bp)
    register_error_handlers(app)
    return app
