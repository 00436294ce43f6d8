-- Punctual's ksqlDB statements (ksqlDB 0.29 / Confluent Platform 7.9), for status events in Avro
-- (punctual.output.format=avro) through the schema registry. docker-compose.yml runs this file as
-- ksqlDB's headless queries file. For JSON status events, take status-json.sql's stream instead of
-- the first statement below: it declares the same columns.
--
-- Column names are the fields of the Avro schemas, case kept: quote them with backticks.
-- The statements are checked against the schemas by KsqlStatementsTest; they are not run in CI.

-- Every status event; the value columns come from the schema registered under
-- punctual.status-value. The key is the timer id as plain text.
CREATE STREAM IF NOT EXISTS punctual_status (timer_key STRING KEY)
  WITH (KAFKA_TOPIC='punctual.status', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

-- Every dead letter: its key and value as they were, and the headers saying why and from where.
CREATE STREAM IF NOT EXISTS punctual_dead_letters_raw (
  record_key STRING KEY,
  record_value STRING,
  reason BYTES HEADER('punctual-error'),
  error_field BYTES HEADER('punctual-error-field'),
  error_class BYTES HEADER('punctual-error-class'),
  origin_topic BYTES HEADER('punctual-origin-topic'),
  origin_partition BYTES HEADER('punctual-origin-partition'),
  origin_offset BYTES HEADER('punctual-origin-offset'),
  outbox_id BYTES HEADER('punctual-outbox-id')
) WITH (KAFKA_TOPIC='punctual.dead-letters', KEY_FORMAT='KAFKA', VALUE_FORMAT='KAFKA');

CREATE STREAM IF NOT EXISTS punctual_dead_letters
  WITH (KAFKA_TOPIC='punctual.ksql.dead-letters', VALUE_FORMAT='JSON') AS
  SELECT record_key,
         FROM_BYTES(reason, 'utf8') AS reason,
         FROM_BYTES(error_field, 'utf8') AS error_field,
         FROM_BYTES(error_class, 'utf8') AS error_class,
         FROM_BYTES(origin_topic, 'utf8') AS origin_topic,
         FROM_BYTES(origin_partition, 'utf8') AS origin_partition,
         FROM_BYTES(origin_offset, 'utf8') AS origin_offset,
         FROM_BYTES(outbox_id, 'utf8') AS outbox_id,
         record_value
  FROM punctual_dead_letters_raw
  EMIT CHANGES;

-- The latest outcome of each timer: its last attempt's result or final outcome.
CREATE TABLE IF NOT EXISTS punctual_latest_outcome
  WITH (KAFKA_TOPIC='punctual.ksql.latest-outcome', VALUE_FORMAT='JSON') AS
  SELECT `timerId`,
         LATEST_BY_OFFSET(`namespace`, false) AS `namespace`,
         LATEST_BY_OFFSET(`type`) AS outcome,
         LATEST_BY_OFFSET(`invocationId`, false) AS invocation_id,
         LATEST_BY_OFFSET(`attempt`, false) AS attempt,
         LATEST_BY_OFFSET(`scheduledAt`, false) AS scheduled_at,
         LATEST_BY_OFFSET(`httpStatus`, false) AS http_status,
         LATEST_BY_OFFSET(`error`, false) AS error
  FROM punctual_status
  WHERE `type` IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'DEAD_LETTERED', 'CANCELLED')
  GROUP BY `timerId`
  EMIT CHANGES;

-- Failed attempts and dead-lettered invocations per namespace, in hourly windows.
CREATE TABLE IF NOT EXISTS punctual_failures_hourly
  WITH (KAFKA_TOPIC='punctual.ksql.failures-hourly', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(`namespace`, 'unknown') AS namespace_name,
         SUM(CASE WHEN `type` = 'DEAD_LETTERED' THEN 0 ELSE 1 END) AS failed_attempts,
         SUM(CASE WHEN `type` = 'DEAD_LETTERED' THEN 1 ELSE 0 END) AS dead_lettered
  FROM punctual_status
  WINDOW TUMBLING (SIZE 1 HOUR, GRACE PERIOD 10 MINUTES)
  WHERE `type` IN ('FAILED', 'TIMED_OUT', 'DEAD_LETTERED')
  GROUP BY COALESCE(`namespace`, 'unknown')
  EMIT CHANGES;

-- How late firings started (first attempts) per namespace, in hourly windows.
CREATE TABLE IF NOT EXISTS punctual_lateness_hourly
  WITH (KAFKA_TOPIC='punctual.ksql.lateness-hourly', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(`namespace`, 'unknown') AS namespace_name,
         COUNT(*) AS firings,
         AVG(`latenessMillis`) AS lateness_avg_ms,
         MAX(`latenessMillis`) AS lateness_max_ms,
         SUM(CASE WHEN `latenessMillis` > 1000 THEN 1 ELSE 0 END) AS later_than_1s
  FROM punctual_status
  WINDOW TUMBLING (SIZE 1 HOUR, GRACE PERIOD 10 MINUTES)
  WHERE `type` = 'STARTED' AND `attempt` = 1
  GROUP BY COALESCE(`namespace`, 'unknown')
  EMIT CHANGES;
