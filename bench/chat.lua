-- wrk script: one OpenAI chat completion request. MODEL is the model name to send.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"' .. (os.getenv("MODEL") or "default") .. '","messages":[{"role":"user","content":"Which penguin?"}]}'
done = function(summary, latency, requests)
  io.write(string.format("non-200: %d\n", summary.errors.status))
end
