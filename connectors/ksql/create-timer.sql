-- Creating a timer from ksqlDB: a stream over punctual.timers with the definition's fields as
-- columns, and an INSERT. ksqlDB writes every declared column, null where the INSERT sets none;
-- Punctual's intake takes a null as an absent field. Run it in the ksqlDB CLI (a headless server
-- takes no INSERT). Checked against the intake by KsqlStatementsIT; not run in CI.
CREATE STREAM IF NOT EXISTS punctual_timers (
  timer_id STRING KEY,
  `namespace` STRING,
  `schedule` STRUCT<`cron` STRING, `timeZone` STRING, `at` STRING, `after` STRING, `every` STRING>,
  `target` STRUCT<`http` STRUCT<`method` STRING, `url` STRING, `headers` MAP<STRING, STRING>, `body` STRING>>,
  `retry` STRUCT<`maxAttempts` INT, `initialBackoff` STRING, `maxBackoff` STRING>,
  `misfire` STRING,
  `concurrency` STRING,
  `paused` BOOLEAN,
  `labels` MAP<STRING, STRING>
) WITH (KAFKA_TOPIC='punctual.timers', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');

-- A reminder at 09:00 on weekdays, Paris time.
INSERT INTO punctual_timers (timer_id, `namespace`, `schedule`, `target`, `labels`) VALUES (
  'invoice-42-reminder',
  'billing',
  STRUCT(`cron` := '0 9 * * MON-FRI', `timeZone` := 'Europe/Paris', `at` := CAST(NULL AS STRING),
         `after` := CAST(NULL AS STRING), `every` := CAST(NULL AS STRING)),
  STRUCT(`http` := STRUCT(`method` := 'POST', `url` := 'https://billing.internal/remind',
         `headers` := MAP('X-Invoice' := '42'), `body` := '{"invoice": 42}')),
  MAP('team' := 'billing'));

-- A one-shot call two minutes from now.
INSERT INTO punctual_timers (timer_id, `schedule`, `target`) VALUES (
  'invoice-42-retry-payment',
  STRUCT(`cron` := CAST(NULL AS STRING), `timeZone` := CAST(NULL AS STRING), `at` := CAST(NULL AS STRING),
         `after` := 'PT2M', `every` := CAST(NULL AS STRING)),
  STRUCT(`http` := STRUCT(`method` := 'POST', `url` := 'https://billing.internal/retry',
         `headers` := CAST(NULL AS MAP<STRING, STRING>), `body` := CAST(NULL AS STRING))));
