#!/usr/bin/python3
"""A minimal OpenAI-compatible chat-completions server for bench/llm.sh and the model-vs-prompt runs in
the model cards: answers every request with a short completion, so that what a benchmark measures is
the gateway and the runner, not an LLM. With one answer it always gives that one; with several it
picks one by the SHA-256 of the request's messages, i.e. it guesses at random but the same way each
time it is asked the same thing (a chance-level stand-in, not a model of any LLM).
Usage: /usr/bin/python3 bench/openai_stand_in.py PORT [ANSWER,ANSWER,...] [DELAY_MS]"""
import hashlib
import http.server
import itertools
import json
import socket
import sys
import time

ids = itertools.count()
ANSWERS = sys.argv[2].split(",") if len(sys.argv) > 2 else ["Adelie"]
DELAY_SECONDS = int(sys.argv[3]) / 1000 if len(sys.argv) > 3 else 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real LLM servers do

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms to each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        digest = hashlib.sha256(json.dumps(body.get("messages"), sort_keys=True).encode()).digest()
        content = ANSWERS[int.from_bytes(digest[:8], "big") % len(ANSWERS)]
        time.sleep(DELAY_SECONDS)
        answer = json.dumps({
            "id": f"chatcmpl-{next(ids)}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk closes its connections mid-request when a step ends: not worth a stack trace


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
