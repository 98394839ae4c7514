-- Issue 15: several gateway nodes on one PostgreSQL. The database is the only shared part: each
-- node registers itself in nodes with a heartbeat, and each queue's matchmaking runs on the one
-- node that holds its row in queue_leases. Every timestamp here is written and compared with the
-- database's clock (now()), never a node's, so nodes whose clocks disagree still agree on who
-- holds a lease. See docs/cluster.md.
CREATE TABLE nodes (
    name         text        PRIMARY KEY,
    -- The process that holds this name now (random per start): two processes configured with one
    -- node.name cannot both be the node, and so cannot both own its queues.
    instance     text        NOT NULL,
    relay_host   text        NOT NULL,
    relay_port   integer     NOT NULL,
    started_at   timestamptz NOT NULL,
    version      text        NOT NULL,
    last_seen    timestamptz NOT NULL,
    stopped      boolean     NOT NULL DEFAULT false,
    active_calls integer     NOT NULL DEFAULT 0,
    CONSTRAINT nodes_name_chars CHECK (name ~ '^[A-Za-z0-9._-]{1,63}$'),
    CONSTRAINT nodes_relay_port_range CHECK (relay_port BETWEEN 0 AND 65535)
);

COMMENT ON TABLE nodes IS 'Ramal gateway nodes: one row per node.name, upserted every node.heartbeat.';

-- One row per queue ever competed for. A node renews its own row or takes a free or expired one
-- with one compare-and-set statement; epoch grows by one at every new tenure (a change of owner,
-- or the same node taking it again after giving it up), so a stale owner's work can be told apart.
CREATE TABLE queue_leases (
    queue          text        PRIMARY KEY,
    owner          text        NOT NULL,
    owner_instance text        NOT NULL,
    epoch          bigint      NOT NULL,
    expires_at     timestamptz NOT NULL
);

COMMENT ON TABLE queue_leases IS 'Which node runs each queue''s matchmaking, until expires_at (database clock).';
