-- One order line per request to POST /api/checks (bench/serve-load.sh); non-2xx responses are counted as errors.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = os.getenv("API_KEY")
wrk.body = '{"item":"nvidia-h20","destination":"CN","date":"2025-04-20","quantity":100,"endUser":"Example Cloud Ltd","endUserHq":"CN","exporter":"NVIDIA Corporation","unitValueUsd":12000}'
local errors = 0
function response(status, headers, body)
  if status >= 300 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d (socket errors: connect %d, read %d, write %d, timeout %d)\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
