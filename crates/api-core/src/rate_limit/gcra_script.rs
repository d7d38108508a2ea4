//! The Lua scripts Redis runs for [`RedisRateLimiter`](super::RedisRateLimiter). Redis runs a
//! script atomically, so one call per request is exact however many processes share the key.
//!
//! The key holds the GCRA "theoretical arrival time" (TAT) in microseconds of Redis's own clock
//! (`TIME`), the same form as the in-process [`TokenBucket`](crate::TokenBucket): a request
//! reserves the slot at `max(TAT, now) + interval`, and may go once `now` reaches that slot minus
//! the burst window. Reading the clock in Redis keeps the processes' clocks out of it.

/// Reserves one slot. `ARGV[1]` = interval (µs), `ARGV[2]` = window = interval × burst (µs).
/// Returns the wait in microseconds, 0 when the request may go now. The key expires once the
/// bucket is full again, so idle keys cost nothing.
pub(super) const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
tat = tat + interval
local wait = tat - window - now
if wait < 0 then wait = 0 end
redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
return wait
";

/// Hands back one slot that was reserved and not used, if it is still in the future: a waiter
/// dropped before its turn. `ARGV[1]` = interval (µs).
pub(super) const REFUND: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat - interval >= now then
  redis.call('SET', KEYS[1], string.format('%d', tat - interval), 'KEEPTTL')
  return 1
end
return 0
";
