-- A provider's requests per window counted for every instance (limits.scope: cluster): a fixed
-- window on Redis's clock, so instances' clocks need not agree. KEYS[1]: the provider's key (the
-- window's number is appended). ARGV: window ms, requests per window.
-- Returns 0 when this request may go, else the ms until the next window starts.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local slot = math.floor(now / window)
local key = KEYS[1] .. ':' .. slot
local count = redis.call('INCR', key)
if count == 1 then
  redis.call('PEXPIRE', key, window)
end
if count <= tonumber(ARGV[2]) then
  return 0
end
return math.max(1, (slot + 1) * window - now)
