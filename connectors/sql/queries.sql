-- Questions the punctual_status table answers (PostgreSQL). Hours and days are UTC.
-- StatusSinkIT runs each query as written here, with :timer_id bound, and checks its figures.

-- name: runs-of-timer
-- Every run of one timer: each invocation's attempts and their outcomes, newest first.
SELECT invocation_id, attempt, type, scheduled_at, started_at, lateness_ms, http_status, error
FROM punctual_status
WHERE timer_id = :timer_id
  AND type IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'RETRY_SCHEDULED', 'DEAD_LETTERED', 'CANCELLED')
ORDER BY scheduled_at DESC, attempt DESC, occurred_at DESC;

-- name: failures-per-namespace-per-hour
-- Failed attempts and dead-lettered invocations, per namespace and hour.
SELECT namespace,
       date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AS hour,
       count(*) FILTER (WHERE type IN ('FAILED', 'TIMED_OUT')) AS failed_attempts,
       count(*) FILTER (WHERE type = 'DEAD_LETTERED') AS dead_lettered
FROM punctual_status
WHERE type IN ('FAILED', 'TIMED_OUT', 'DEAD_LETTERED')
GROUP BY namespace, hour
ORDER BY hour, namespace;

-- name: lateness-p99-per-day
-- How late firings started (first attempts), per day of their scheduled instant.
SELECT date_trunc('day', scheduled_at AT TIME ZONE 'UTC') AS day,
       count(*) AS firings,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness_ms) AS lateness_p50_ms,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness_ms) AS lateness_p99_ms,
       max(lateness_ms) AS lateness_max_ms
FROM punctual_status
WHERE type = 'STARTED' AND attempt = 1
GROUP BY day
ORDER BY day;
