-- wrk script: POSTs one KServe V2 inference request for penguins-mlp (penguin penguins-3 of the test split).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"inputs":[{"name":"measurements","shape":[1,4],"datatype":"FP32","data":[40.3,18,195,3250]}]}'

-- Counts answers other than 200, so a run that measured errors cannot pass for a fast one.
local non200 = 0
response = function(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200: %d\n", summary.errors.status))
end
