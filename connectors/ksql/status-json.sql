-- The status stream for JSON status events (punctual.output.format=json, the default): the same
-- columns as the Avro stream of punctual.sql, declared. JSON gives instants as ISO-8601 text
-- (2026-03-08T07:00:00.123Z, or without the milliseconds when they are zero): they are STRING
-- here; PARSE_TIMESTAMP(`at`, 'yyyy-MM-dd''T''HH:mm:ss[.SSS]X') turns one into a TIMESTAMP.
-- Checked against the schema by KsqlStatementsTest; not run in CI.
CREATE STREAM IF NOT EXISTS punctual_status_json (
  timer_key STRING KEY,
  `type` STRING,
  `timerId` STRING,
  `invocationId` STRING,
  `namespace` STRING,
  `attempt` INT,
  `at` STRING,
  `scheduledAt` STRING,
  `startedAt` STRING,
  `finishedAt` STRING,
  `latenessMillis` BIGINT,
  `httpStatus` INT,
  `error` STRING,
  `responseExcerpt` STRING,
  `nextAttemptAt` STRING,
  `instance` STRING,
  `origin` STRING
) WITH (KAFKA_TOPIC='punctual.status', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');
