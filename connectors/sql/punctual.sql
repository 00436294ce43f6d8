-- Punctual's tables, for the connectors of connectors/ (PostgreSQL 12 or later). Idempotent.
-- The source connector's user needs REPLICATION and ownership of punctual_outbox (Debezium
-- creates a publication for it); the sink connectors' user needs INSERT and UPDATE on the others.

-- Timers from a database transaction: insert a row in the same transaction as your business
-- rows; Debezium's outbox router turns each committed row into a record of punctual.timers keyed
-- by timer_id. A row with deleted = true deletes the timer. Rows may be deleted at once (even in
-- the same transaction): the connector reads the write-ahead log, not the table.
CREATE TABLE IF NOT EXISTS punctual_outbox (
  id         bigserial   PRIMARY KEY,
  timer_id   text        NOT NULL CHECK (timer_id <> ''),
  namespace  text        NOT NULL DEFAULT 'default',
  definition text,
  deleted    boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT punctual_outbox_definition_or_deleted
    CHECK ((deleted AND definition IS NULL) OR (NOT deleted AND definition IS NOT NULL))
);

-- Every event of punctual.status, one row each; the primary key is where the event sits on its
-- topic, so a redelivered event overwrites its own row.
CREATE TABLE IF NOT EXISTS punctual_status (
  kafka_topic      text        NOT NULL,
  kafka_partition  integer     NOT NULL,
  kafka_offset     bigint      NOT NULL,
  timer_id         text        NOT NULL,
  namespace        text,
  type             text        NOT NULL,
  invocation_id    text,
  attempt          integer,
  occurred_at      timestamptz NOT NULL,
  scheduled_at     timestamptz,
  started_at       timestamptz,
  finished_at      timestamptz,
  lateness_ms      bigint,
  http_status      integer,
  error            text,
  response_excerpt text,
  next_attempt_at  timestamptz,
  instance         text,
  origin           text,
  PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset)
);
CREATE INDEX IF NOT EXISTS punctual_status_timer ON punctual_status (timer_id, occurred_at);
CREATE INDEX IF NOT EXISTS punctual_status_namespace ON punctual_status (namespace, occurred_at);

-- Every record of punctual.dead-letters: the reason and origin from its headers, its key and
-- value as text (base64 when they are not UTF-8, see payload_encoding), its other headers as JSON.
CREATE TABLE IF NOT EXISTS punctual_dead_letters (
  kafka_topic      text        NOT NULL,
  kafka_partition  integer     NOT NULL,
  kafka_offset     bigint      NOT NULL,
  dead_lettered_at timestamptz NOT NULL,
  reason           text,
  error_field      text,
  error_class      text,
  origin_topic     text,
  origin_partition integer,
  origin_offset    bigint,
  outbox_id        text,
  record_key       text,
  record_value     text,
  payload_encoding text        NOT NULL,
  headers          text,
  PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset)
);
CREATE INDEX IF NOT EXISTS punctual_dead_letters_time ON punctual_dead_letters (dead_lettered_at);
