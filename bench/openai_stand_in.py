#!/usr/bin/python3
"""A minimal OpenAI-compatible chat-completions server for bench/llm.sh and the model-vs-prompt runs in
the model cards: answers every request with a short completion, so that what a benchmark measures is
the gateway and the runner, not an LLM. With one answer it always gives that one; with several it
picks one by the SHA-256 of the request's messages, i.e. it guesses at random but the same way each
time it is asked the same thing (a chance-level stand-in, not a model of any LLM). It honours what the
answer modes ask for as an LLM server would: `n` (that many choices, each its own pick), `logprobs` with
`top_logprobs` (the first token of each answer, three letters as a tokenizer would split a rare word, with
random probabilities) and `response_format: json_schema` (the pick as the schema's one-field object).
Usage: /usr/bin/python3 bench/openai_stand_in.py PORT [ANSWER,ANSWER,...] [DELAY_MS]"""
import hashlib
import http.server
import itertools
import json
import math
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
        messages = json.dumps(body.get("messages"), sort_keys=True)
        time.sleep(DELAY_SECONDS)
        choices = [self.choice(body, messages, i) for i in range(max(1, int(body.get("n") or 1)))]
        answer = json.dumps({
            "id": f"chatcmpl-{next(ids)}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model"), "choices": choices,
            "usage": {"prompt_tokens": 10, "completion_tokens": len(choices), "total_tokens": 10 + len(choices)}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    @staticmethod
    def choice(body, messages, index):
        digest = hashlib.sha256(f"{messages}#{index}".encode()).digest()
        content = ANSWERS[int.from_bytes(digest[:8], "big") % len(ANSWERS)]
        choice = {"index": index, "message": {"role": "assistant", "content": shaped(body, content)},
                  "finish_reason": "stop"}
        if body.get("logprobs"):
            # Random probabilities over the answers' first tokens, the pick the most probable.
            weights = [digest[8 + i] + 1 for i in range(len(ANSWERS))]
            weights[ANSWERS.index(content)] += 256
            total = sum(weights)
            top = sorted(((a[:3], math.log(w / total)) for a, w in zip(ANSWERS, weights)), key=lambda t: -t[1])
            top = top[:int(body.get("top_logprobs") or 0)]
            choice["logprobs"] = {"content": [{"token": content[:3], "logprob": top[0][1] if top else 0.0,
                                               "top_logprobs": [{"token": t, "logprob": lp} for t, lp in top]}]}
        return choice

    def log_message(self, *args):
        pass


def shaped(body, content):
    """The answer as a server honouring response_format json_schema writes it: the schema's one-field object."""
    format_ = body.get("response_format") or {}
    if format_.get("type") != "json_schema":
        return content
    schema = format_.get("json_schema", {}).get("schema", {})
    field = (schema.get("required") or ["label"])[0]
    if schema.get("properties", {}).get(field, {}).get("type") == "number":
        try:
            return json.dumps({field: float(content)})
        except ValueError:
            pass
    return json.dumps({field: content})


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk closes its connections mid-request when a step ends: not worth a stack trace


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
