-- Issue 15: several gateway nodes share one database. nodes names the nodes (their node.name)
-- that serve an extension; empty, the default, is every node, so every row written before this
-- column, and every INSERT that names none, keeps being served everywhere. The gateway checks
-- the names (NodeNames: 1-63 of A-Z a-z 0-9 . _ -, at most 64 of them) and drops duplicates;
-- the check below refuses the same in SQL written by hand, NULL elements and nested arrays
-- included, so a row can never hold a name that forges a log line.
--
-- This touches only the extensions table of V1 and V3: it does not depend on any other
-- migration of the same release.
--
-- A CHECK cannot hold a subquery, hence the function; it is immutable (the rule depends on the
-- value alone), as a CHECK needs. Every existing row takes '{}', which passes, so the
-- constraint is validated at once.

CREATE FUNCTION extensions_node_names_ok(names text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT cardinality(names) <= 64
       AND coalesce(array_ndims(names), 1) = 1
       AND NOT EXISTS (SELECT 1 FROM unnest(names) AS n WHERE n IS NULL OR n !~ '^[A-Za-z0-9._-]{1,63}$')
$$;

ALTER TABLE extensions ADD COLUMN nodes text[] NOT NULL DEFAULT '{}';

ALTER TABLE extensions
    ADD CONSTRAINT extensions_node_names CHECK (extensions_node_names_ok(nodes));

COMMENT ON COLUMN extensions.nodes IS 'Names (node.name) of the gateway nodes that serve it; empty: every node.';
