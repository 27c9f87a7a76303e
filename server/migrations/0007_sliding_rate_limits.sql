-- Rate limits judge a hit by a sliding window: each bucket also keeps the hits of the window
-- before the current one (see server/src/ratelimit.rs).
ALTER TABLE rate_limits ADD COLUMN previous_hits BIGINT NOT NULL DEFAULT 0;
