#!/usr/bin/python3
"""A minimal OpenAI-compatible chat-completions server for bench/llm.sh: answers every request at once
with the same short completion, so that what the benchmark measures is the gateway, not an LLM.
Usage: /usr/bin/python3 bench/openai_stand_in.py PORT"""
import http.server
import itertools
import json
import socket
import sys
import time

ids = itertools.count()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real LLM servers do

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms to each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        answer = json.dumps({
            "id": f"chatcmpl-{next(ids)}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Adelie"}, "finish_reason": "stop"}],
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
