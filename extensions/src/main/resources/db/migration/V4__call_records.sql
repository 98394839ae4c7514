-- Issue 18: what is written down of every call and every queue transition, for reports and audit.
-- The gateway writes both through its record writers (batched, idempotent on the key: a record
-- replayed from the spool is kept once). Reports read them by extension or queue and day, and one
-- call's story by its id.
CREATE TABLE call_records (
    call_id        uuid PRIMARY KEY,
    extension      text        NOT NULL,
    mode           text        NOT NULL,
    remote_address text,
    started_at     timestamptz NOT NULL,
    answered_at    timestamptz,
    ended_at       timestamptz NOT NULL,
    wait_ms        bigint      NOT NULL DEFAULT 0 CHECK (wait_ms >= 0),
    talk_ms        bigint      NOT NULL DEFAULT 0 CHECK (talk_ms >= 0),
    attendant      uuid,
    queue          text,
    agent_url      text,
    outcome        text        NOT NULL,
    end_reason     text        NOT NULL,
    hangup_side    text        NOT NULL,
    frames_in      bigint      NOT NULL DEFAULT 0,
    frames_out     bigint      NOT NULL DEFAULT 0,
    underruns      bigint      NOT NULL DEFAULT 0,
    transfers      text[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX call_records_extension_started ON call_records (extension, started_at);
CREATE INDEX call_records_queue_started ON call_records (queue, started_at) WHERE queue IS NOT NULL;
CREATE INDEX call_records_started ON call_records (started_at);

CREATE TABLE queue_events (
    event_id  uuid PRIMARY KEY,
    at        timestamptz NOT NULL,
    queue     text        NOT NULL,
    call_id   uuid,
    attendant uuid,
    event     text        NOT NULL,
    detail    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX queue_events_queue_at ON queue_events (queue, at);
CREATE INDEX queue_events_call ON queue_events (call_id, at) WHERE call_id IS NOT NULL;
