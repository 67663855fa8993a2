-- wrk script: POSTs the body in the file named by the environment variable BODY, as CONTENT_TYPE (default
-- application/json); with HEADER_LENGTH set, a binary tensor data body whose JSON part is that long.
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
if os.getenv("HEADER_LENGTH") then
  wrk.headers["Inference-Header-Content-Length"] = os.getenv("HEADER_LENGTH")
end
wrk.body = file:read("*a")
file:close()

-- Counts answers other than 200, so a run that measured errors cannot pass for a fast one.
done = function(summary, latency, requests)
  io.write(string.format("non-200: %d\n", summary.errors.status))
end
