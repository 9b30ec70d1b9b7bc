"""The waitress server around the app. waitress reads a whole request body before the app sees it, and answers
the requests it refuses itself (a body over its limit, malformed headers or chunks) in plain text: so its body
limit is the API's, and its own refusals are JSON like every other error."""
from __future__ import annotations

import json

from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, create_server
from waitress.task import ErrorTask

from . import MAX_BODY_BYTES

# waitress refuses a Content-Length >= its limit, Flask one > MAX_BODY_BYTES: the same bodies pass both.
WAITRESS_BODY_LIMIT = MAX_BODY_BYTES + 1
ERROR_CODES = {400: "bad_request", 413: "body_too_large", 431: "headers_too_large", 501: "not_implemented",
               500: "internal_error"}
MESSAGES = {413: f"the body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB"}


class JsonErrorTask(ErrorTask):
    """waitress's answer to a request it could not parse or accept, as {"error": {"code", "message"}}."""

    def execute(self):
        e = self.request.error
        body = json.dumps({"error": {"code": ERROR_CODES.get(e.code, "http_error"),
                                     "message": MESSAGES.get(e.code) or f"{e.reason}: {e.body}"}}).encode()
        self.status = f"{e.code} {e.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class JsonErrorChannel(HTTPChannel):
    error_task_class = JsonErrorTask


def make_server(app, host: str, port: int, threads: int):
    server = create_server(app, host=host, port=port, threads=threads, ident="scamguard",
                           max_request_body_size=WAITRESS_BODY_LIMIT)
    # One listening socket gives a TcpWSGIServer; "localhost" (IPv4 and IPv6) a MultiSocketServer holding several.
    for listener in server.map.values() if isinstance(server, MultiSocketServer) else [server]:
        listener.channel_class = JsonErrorChannel
    return server
