-- Issue 17: who may call an extension and how many at once. allow is the extension's own source
-- allowlist (addresses and CIDR blocks as written; NULL: the gateway's gateway.allow); max_calls
-- is its limit of simultaneous connections (0: none of its own). The gateway parses and checks
-- both (ExtensionParser); the bound here only keeps a hand-written row in range.
ALTER TABLE extensions ADD COLUMN allow text[];
ALTER TABLE extensions ADD COLUMN max_calls integer NOT NULL DEFAULT 0;
ALTER TABLE extensions
    ADD CONSTRAINT extensions_max_calls_range CHECK (max_calls BETWEEN 0 AND 1000000);
