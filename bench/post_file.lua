-- wrk script: POSTs the JSON body in the file named by the environment variable BODY.
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = file:read("*a")
file:close()

-- Counts answers other than 200, so a run that measured errors cannot pass for a fast one.
done = function(summary, latency, requests)
  io.write(string.format("non-200: %d\n", summary.errors.status))
end
