-- wrk script of the Postcard benchmark (bench/run.sh).
--
--   wrk ... -s bench/wrk.lua URL -- MODE [KEY] [RUN] [BATCH] [IDS]
--
-- MODE open:   GET the URL as given (the open pixel); the request is formatted once. With IDS, a file of
--              message ids, one a line, each request GETs the URL's path followed by the next id instead
--              (each thread goes round the list from its own starting point).
-- MODE single: POST /v1/events with one email.delivered event per request.
-- MODE batch:  POST /v1/events with a JSON array of BATCH (default 100) events per request.
-- Every event gets a unique id "evt_bench_<RUN>_<thread>_<n>", so none is a duplicate of another: RUN must
-- differ between invocations against the same database.
--
-- Each thread counts the requests it has written ("sent"); done() prints them with the summary on one line
-- starting with "BENCH ", which bench/run.sh parses. wrk's own request count only has the responses read
-- before the clock stopped, so sent - requests is what was still in flight then (at most one per
-- connection); the server handles those too, hence stored == sent is the exact durability check.
-- wrk calls request() once more than it writes: before starting, in the first thread's Lua state, to check
-- the request parses (script_verify_request in wrk.c); done() takes that call off.

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "open"
  key = args[2] or ""
  run = args[3] or tostring(os.time())
  batch = tonumber(args[4] or "100")
  sent = 0
  counter = 0
  if mode == "open" and args[5] and args[5] ~= "" then
    ids = {}
    for line in io.lines(args[5]) do
      if line ~= "" then table.insert(ids, line) end
    end
    counter = (tid - 1) * math.floor(#ids / 2)
  elseif mode == "open" then
    static = wrk.format("GET")
  elseif mode == "single" or mode == "batch" then
    headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Authorization"] = "Bearer " .. key
    headers["Content-Type"] = "application/json"
  else
    error("unknown mode " .. mode)
  end
end

local function event()
  counter = counter + 1
  return string.format('{"id":"evt_bench_%s_%d_%d","type":"email.delivered","data":{"to":"a@example.com"}}',
    run, tid, counter)
end

function request()
  sent = sent + 1
  if mode == "open" and ids then
    counter = counter + 1
    return wrk.format("GET", wrk.path .. ids[(counter % #ids) + 1])
  elseif mode == "open" then
    return static
  elseif mode == "single" then
    return wrk.format("POST", "/v1/events", headers, event())
  end
  local parts = {}
  for i = 1, batch do parts[i] = event() end
  return wrk.format("POST", "/v1/events", headers, "[" .. table.concat(parts, ",") .. "]")
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("sent") end
  total = total - 1 -- the verification call, never written
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d sent=%d duration_us=%d bytes=%d non2xx=%d connect_errors=%d read_errors=%d"
      .. " write_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f\n",
    summary.requests, total, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
