-- wrk script: POST /v1/verdict with a different made-up lookalike or benign host each time, so the helper's
-- URL cache cannot answer from memory. Usage: wrk -t2 -c4 -d10s -s bench/verdict.lua http://127.0.0.1:8731
local n = 0
local shapes = {"https://amaz0n-%d.example/", "https://shop%d.example.com/", "https://amazon.co.jp.login-%d.xyz/",
                "https://www.site%d.co.jp/", "https://info-amazon-%d.net/"}
request = function()
  n = n + 1
  local url = string.format(shapes[n % #shapes + 1], n)
  return wrk.format("POST", "/v1/verdict", {["Content-Type"] = "application/json"}, '{"url": "' .. url .. '"}')
end
