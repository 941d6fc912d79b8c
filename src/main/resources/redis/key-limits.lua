-- One gateway key's limits, shared by every gateway instance. One call carries a batch of that key's
-- work (KeyLimitBatches): the charges of requests that ended, then the admissions of requests waiting,
-- in order. Each piece of state is read once and written once per call, however many requests it carries.
-- Buckets refill smoothly over the minute (limit per 60000 ms, as the in-process Bucket4j buckets).
--
-- KEYS: requests bucket, tokens bucket, budget hash (spent, held), holds (sorted by expiry; a member is
--       "id:nano-USD", so a hold carries its own amount).
-- ARGV[1] now ms, ARGV[2] budget TTL s; then the operations, each a tag and a fixed number of values:
--   'c' (charge, 4): tpm (0 none), tokens used, hold member ('' none), cost nano-USD (0 for a key without budget).
--       Charges the tokens really used, ends the hold (a request's or a lease's), adds the cost to the spend.
--   'a' (admit, 9): rpm (0 none), tpm (0 none), prompt estimate (0: no check), budget nano-USD (-1 none),
--       the ledger's spent nano-USD, hold member (its amount: the request's worst case), hold lifetime ms,
--       lease hold member ('' none wanted; its amount: the budget the lease may spend), lease size (requests).
--       Tokens per minute (the prompt's estimate must fit), budget (spent plus what requests in flight
--       hold must be below it; then this request's worst case is held) and requests per minute (one is
--       taken): all pass and are applied together, or nothing changes for this request.
--       The spend is the larger of Redis's and the ledger's: the ledger starts it (a new period, an
--       emptied Redis) and catches it up after charges that could not reach Redis while it was away.
--       A lease (SharedKeyLimits.Lease) is granted with an admission only when every limit of the key is
--       far from reached (FAR times what the lease takes): its requests are taken from the bucket and its
--       budget held now, so the instance admits that many requests by itself without exceeding any limit.
-- Returns one verdict per admission, in order:
--   {'ok', requests left, tokens left, lease granted 1|0} | {'tpm'|'rpm', ms to wait} | {'budget', spent nano-USD}
local now, ttl = tonumber(ARGV[1]), ARGV[2]
local FAR = 16

-- as %d text: Redis would write the Lua number 105000000 as 1.05e+08, which it then reads back as text
local function whole(n)
  return string.format('%d', n)
end

local buckets = {}
local function bucket(key, limit)
  local b = buckets[key]
  if b == nil then
    local state = redis.call('HMGET', key, 'tokens', 'at')
    b = {tokens = tonumber(state[1]), at = tonumber(state[2]), changed = false}
    if b.tokens == nil then
      b.tokens, b.at = limit, now
    end
    buckets[key] = b
  end
  if now > b.at then
    b.tokens = b.tokens + (now - b.at) * limit / 60000
    b.at = now
  end
  b.tokens = math.min(b.tokens, limit)
  return b
end

local purse
local function budget()
  if purse == nil then
    local state = redis.call('HMGET', KEYS[3], 'spent', 'held')
    purse = {spent = tonumber(state[1]), held = tonumber(state[2] or '0'), changed = false}
  end
  return purse
end

local function amount(member)
  return tonumber(string.match(member, ':(%d+)$')) or 0
end

local function wait(missing, limit)
  return math.ceil(missing * 60000 / limit)
end

local holdsAdded = false
local verdicts = {}
local i = 3
while i <= #ARGV do
  local tag = ARGV[i]
  if tag == 'c' then
    local tpm, used, member, cost = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), ARGV[i + 3], tonumber(ARGV[i + 4])
    if tpm > 0 and used > 0 then
      local b = bucket(KEYS[2], tpm)
      b.tokens = b.tokens - used
      b.changed = true
    end
    if member ~= '' or cost > 0 then
      local p = budget()
      -- a hold swept as stale (its instance died) is already out of 'held'
      if member ~= '' and redis.call('ZREM', KEYS[4], member) == 1 then
        p.held = p.held - amount(member)
        p.changed = true
      end
      -- without a recorded spend the next admission starts it from the ledger, which has this cost
      if cost > 0 and p.spent ~= nil then
        p.spent = p.spent + cost
        p.changed = true
      end
    end
    i = i + 5
  else
    local rpm, tpm, limit = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 4])
    local tokensLeft, requestsLeft = -1, -1
    local need = tonumber(ARGV[i + 3])
    local verdict
    if tpm > 0 then
      local tokens = bucket(KEYS[2], tpm).tokens
      if need > 0 and tokens < need then
        verdict = {'tpm', wait(need - tokens, tpm)}
      end
      tokensLeft = tokens
    end
    local p
    if verdict == nil and limit >= 0 then
      p = budget()
      local ledger = tonumber(ARGV[i + 5])
      if p.spent == nil or ledger > p.spent then
        p.spent = ledger
        p.changed = true
      end
      if p.spent + p.held >= limit then
        -- holds past their lifetime (an instance that died mid-request) matter only when they would
        -- refuse: end them and look again
        local stale = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
        if #stale > 0 then
          for _, member in ipairs(stale) do
            p.held = p.held - amount(member)
          end
          redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
          p.changed = true
        end
        if p.spent + p.held >= limit then
          verdict = {'budget', whole(p.spent)}
        end
      end
    end
    if verdict == nil and rpm > 0 then
      local b = bucket(KEYS[1], rpm)
      if b.tokens < 1 then
        verdict = {'rpm', wait(1 - b.tokens, rpm)}
      else
        b.tokens = b.tokens - 1
        b.changed = true
        requestsLeft = b.tokens
      end
    end
    if verdict == nil then
      if limit >= 0 then
        local member = ARGV[i + 6]
        p.held = p.held + amount(member)
        p.changed = true
        redis.call('ZADD', KEYS[4], now + tonumber(ARGV[i + 7]), member)
        holdsAdded = true
      end
      local lease, size, granted = ARGV[i + 8], tonumber(ARGV[i + 9]), 0
      if lease ~= '' and size > 0
          and (rpm == 0 or requestsLeft >= FAR * size)
          and (tpm == 0 or tokensLeft >= FAR * size * math.max(need, 1))
          and (limit < 0 or limit - p.spent - p.held >= FAR * amount(lease)) then
        if rpm > 0 then
          local b = bucket(KEYS[1], rpm)
          b.tokens = b.tokens - size
          requestsLeft = b.tokens
        end
        if limit >= 0 then
          p.held = p.held + amount(lease)
          redis.call('ZADD', KEYS[4], now + tonumber(ARGV[i + 7]), lease)
        end
        granted = 1
      end
      verdict = {'ok', whole(math.floor(requestsLeft)), whole(math.floor(tokensLeft)), granted}
    end
    verdicts[#verdicts + 1] = verdict
    i = i + 10
  end
end

for key, b in pairs(buckets) do
  if b.changed then
    redis.call('HSET', key, 'tokens', b.tokens, 'at', b.at)
    redis.call('PEXPIRE', key, 120000)
  end
end
if purse ~= nil and purse.changed then
  if purse.spent ~= nil then
    redis.call('HSET', KEYS[3], 'spent', whole(purse.spent), 'held', whole(purse.held))
  else
    redis.call('HSET', KEYS[3], 'held', whole(purse.held))
  end
  redis.call('EXPIRE', KEYS[3], ttl)
end
if holdsAdded then
  redis.call('EXPIRE', KEYS[4], ttl)
end
return verdicts
