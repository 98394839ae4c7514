-- The extensions the gateway should be listening for. One row per extension (ramal).
-- Every insert, update and delete notifies channel ramal_extensions so that running gateways
-- reconcile within a second; they also sweep periodically in case a notification is missed.

CREATE TABLE extensions (
    id           bigserial   PRIMARY KEY,
    ramal        text        NOT NULL UNIQUE,
    bind_address text        NOT NULL DEFAULT '0.0.0.0',
    port         integer     NOT NULL,
    mode         text        NOT NULL,
    settings     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    tuning       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    enabled      boolean     NOT NULL DEFAULT true,
    description  text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT extensions_port_range CHECK (port BETWEEN 1 AND 65535),
    CONSTRAINT extensions_known_mode CHECK (mode IN ('echo', 'ai', 'queue', 'agent')),
    CONSTRAINT extensions_one_per_address UNIQUE (bind_address, port)
);

COMMENT ON TABLE extensions IS 'Ramal extensions: each row is an AudioSocket listener the gateway keeps bound.';
COMMENT ON COLUMN extensions.settings IS 'The mode''s settings: ai {url, headers...}, queue {queue...}, agent {queues...}.';
COMMENT ON COLUMN extensions.tuning IS 'Socket tuning overrides, keys of ramal.yaml''s listener section (backlog, receive-buffer...).';

CREATE FUNCTION extensions_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER extensions_touch BEFORE UPDATE ON extensions
    FOR EACH ROW EXECUTE FUNCTION extensions_touch();

CREATE FUNCTION extensions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ramal_extensions',
        TG_TABLE_SCHEMA || ':' || TG_OP || ':' || COALESCE(NEW.ramal, OLD.ramal));
    RETURN NULL;
END;
$$;

CREATE TRIGGER extensions_notify AFTER INSERT OR UPDATE OR DELETE ON extensions
    FOR EACH ROW EXECUTE FUNCTION extensions_notify();
