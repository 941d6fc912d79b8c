-- One gateway key's limits, shared by every gateway instance; one round trip per request.
-- Buckets refill smoothly over the minute (limit per 60000 ms, as the in-process Bucket4j buckets).
--
-- ARGV[1] == 'admit': tokens per minute (the prompt's estimate must fit), budget (spent plus what
-- requests in flight hold must be below it; then this request's worst case is held) and requests
-- per minute (one is taken). All pass and are applied together, or nothing changes.
--   KEYS: requests bucket, tokens bucket, budget hash, holds (sorted by expiry)
--   ARGV: 'admit', now ms, rpm (0 none), tpm (0 none), prompt estimate (0: no check), budget nano-USD
--         (-1 none), worst case nano-USD, the ledger's spent nano-USD, hold id, hold lifetime ms, budget TTL s.
--   The spend is the larger of Redis's and the ledger's: the ledger starts it (a new period, an emptied
--   Redis) and catches it up after charges that could not reach Redis while it was away.
--   returns {'ok', requests left, tokens left} | {'tpm'|'rpm', ms to wait} | {'budget', spent nano-USD}
-- ARGV[1] == 'settle': charges the tokens really used, ends the hold, adds the cost to the spend.
--   KEYS: requests bucket (unused), tokens bucket, budget hash, holds
--   ARGV: 'settle', now ms, tpm (0 none), tokens used, hold id ('' none), cost nano-USD
local now = tonumber(ARGV[2])

local function level(key, limit)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens, at = tonumber(state[1]), tonumber(state[2])
  if tokens == nil then
    return limit, now
  end
  if now > at then
    tokens = tokens + (now - at) * limit / 60000
    at = now
  end
  return math.min(tokens, limit), at
end

local function store(key, tokens, at)
  redis.call('HSET', key, 'tokens', tokens, 'at', at)
  redis.call('PEXPIRE', key, 120000)
end

local function wait(missing, limit)
  return math.ceil(missing * 60000 / limit)
end

local function unhold(id)
  local held = redis.call('HGET', KEYS[3], 'hold:' .. id)
  if held then
    -- as %d text: Redis would write the Lua number 105000000 as 1.05e+08, which HINCRBY refuses
    redis.call('HINCRBY', KEYS[3], 'held', string.format('%d', -tonumber(held)))
    redis.call('HDEL', KEYS[3], 'hold:' .. id)
  end
  redis.call('ZREM', KEYS[4], id)
end

if ARGV[1] == 'settle' then
  local tpm, used = tonumber(ARGV[3]), tonumber(ARGV[4])
  if tpm > 0 and used > 0 then
    local tokens, at = level(KEYS[2], tpm)
    store(KEYS[2], tokens - used, at)
  end
  if ARGV[5] ~= '' then
    unhold(ARGV[5])
    if tonumber(ARGV[6]) > 0 and redis.call('HEXISTS', KEYS[3], 'spent') == 1 then
      redis.call('HINCRBY', KEYS[3], 'spent', ARGV[6])
    end
  end
  return 1
end

local rpm, tpm, budget = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[6])
local tokensLeft, requestsLeft, requestsAt = -1, -1, now
if tpm > 0 then
  local need = tonumber(ARGV[5])
  local tokens = level(KEYS[2], tpm)
  if need > 0 and tokens < need then
    return {'tpm', wait(need - tokens, tpm)}
  end
  tokensLeft = tokens
end
if budget >= 0 then
  local recorded = redis.call('HGET', KEYS[3], 'spent')
  local spent = tonumber(recorded or '0')
  if not recorded or tonumber(ARGV[8]) > spent then
    spent = tonumber(ARGV[8])
    redis.call('HSET', KEYS[3], 'spent', ARGV[8])
    redis.call('EXPIRE', KEYS[3], ARGV[11])
  end
  local held = tonumber(redis.call('HGET', KEYS[3], 'held') or '0')
  if spent + held >= budget then
    -- holds past their lifetime (an instance that died mid-request) matter only when they would
    -- refuse: end them and look again
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)) do
      unhold(id)
    end
    held = tonumber(redis.call('HGET', KEYS[3], 'held') or '0')
    if spent + held >= budget then
      return {'budget', tostring(spent)}
    end
  end
end
if rpm > 0 then
  local requests
  requests, requestsAt = level(KEYS[1], rpm)
  if requests < 1 then
    return {'rpm', wait(1 - requests, rpm)}
  end
  requestsLeft = requests - 1
  store(KEYS[1], requestsLeft, requestsAt)
end
if budget >= 0 then
  redis.call('HINCRBY', KEYS[3], 'held', ARGV[7])
  redis.call('HSET', KEYS[3], 'hold:' .. ARGV[9], ARGV[7])
  redis.call('ZADD', KEYS[4], now + tonumber(ARGV[10]), ARGV[9])
  redis.call('EXPIRE', KEYS[3], ARGV[11])
  redis.call('EXPIRE', KEYS[4], ARGV[11])
end
return {'ok', tostring(math.floor(requestsLeft)), tostring(math.floor(tokensLeft))}
