#!/usr/bin/env python3
"""A local stand-in for Brevo's POST /v3/smtp/email, for the drill: it
accepts every email (201 with a messageId), as the real API does, and
appends one JSON line per request (the idempotency key, the recipient, the
template tag) so that the drill can check that every email went exactly
once. Loopback only."""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, log_path = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
log = open(log_path, "a", buffering=1)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/v3/smtp/email" or not self.headers.get("api-key"):
            self.send_response(401)
            self.end_headers()
            return
        record = {
            "key": body.get("headers", {}).get("idempotencyKey"),
            "to": (body.get("to") or [{}])[0].get("email"),
            "tag": (body.get("tags") or [None])[0],
        }
        with lock:
            log.write(json.dumps(record) + "\n")
        answer = json.dumps({"messageId": f"<{record['key']}@standin>"}).encode()
        self.send_response(201)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
