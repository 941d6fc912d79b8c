-- The response cache's shared level. KEYS: index (sorted set: entry key by expiry ms), sizes (hash:
-- entry key -> bytes, '#bytes' -> their sum), the entry (unused by flush).
-- ARGV[1] == 'get':   returns {answer, ms left} or nil
-- ARGV[1] == 'put':   ARGV: 'put', answer, ttl ms, max entries, max bytes. Expired entries leave the
--                     index first; then the entries closest to expiry leave until both bounds hold.
-- ARGV[1] == 'flush': every entry goes; returns how many there were
if ARGV[1] == 'get' then
  local answer = redis.call('GET', KEYS[3])
  if not answer then
    return nil
  end
  return {answer, redis.call('PTTL', KEYS[3])}
end

local function drop(entry)
  local size = redis.call('HGET', KEYS[2], entry)
  if size then
    -- as %d text: Redis would write a large Lua number as 1.5e+06, which HINCRBY refuses
    redis.call('HINCRBY', KEYS[2], '#bytes', string.format('%d', -tonumber(size)))
    redis.call('HDEL', KEYS[2], entry)
  end
  redis.call('ZREM', KEYS[1], entry)
  redis.call('DEL', entry)
end

if ARGV[1] == 'flush' then
  local entries = redis.call('ZRANGE', KEYS[1], 0, -1)
  for _, entry in ipairs(entries) do
    redis.call('DEL', entry)
  end
  redis.call('DEL', KEYS[1], KEYS[2])
  return #entries
end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 100)) do
  drop(entry)
end
drop(KEYS[3])
local size = string.len(ARGV[2])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), KEYS[3])
redis.call('HSET', KEYS[2], KEYS[3], size)
redis.call('HINCRBY', KEYS[2], '#bytes', size)
local maxEntries, maxBytes = tonumber(ARGV[4]), tonumber(ARGV[5])
while redis.call('ZCARD', KEYS[1]) > maxEntries or tonumber(redis.call('HGET', KEYS[2], '#bytes')) > maxBytes do
  drop(redis.call('ZRANGE', KEYS[1], 0, 0)[1])
end
return 1
