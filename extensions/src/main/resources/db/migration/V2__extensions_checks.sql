-- What the gateway refuses, the database refuses too, so a row written by hand in SQL cannot
-- forge log lines or bloat every load: the name's characters and length (as Extension checks),
-- the size of the free-form fields (as ExtensionParser checks; jsonb prints with spaces, so its
-- bound is twice the parser's 64 KiB), and a bind address that is an IP literal must be in the
-- one canonical spelling (127.0.0.1, ::1), so that the unique (bind_address, port) constraint
-- sees two spellings of one address as one.
--
-- NOT VALID: rows already present are not checked, so this migration never fails on old data
-- and the gateway starts; such a row is refused by the gateway (shown as refused with its
-- reason) and any UPDATE of it must satisfy the checks: fix it, or DELETE it, in SQL.
-- `ALTER TABLE extensions VALIDATE CONSTRAINT <name>` then confirms no bad row is left.

ALTER TABLE extensions
    ADD CONSTRAINT extensions_ramal_chars CHECK (ramal ~ '^[A-Za-z0-9_.*#+-]{1,64}$') NOT VALID;

ALTER TABLE extensions
    ADD CONSTRAINT extensions_description_size CHECK (char_length(description) <= 1024) NOT VALID;

ALTER TABLE extensions
    ADD CONSTRAINT extensions_settings_size CHECK (octet_length(settings::text) <= 131072) NOT VALID;

ALTER TABLE extensions
    ADD CONSTRAINT extensions_tuning_size CHECK (octet_length(tuning::text) <= 4096) NOT VALID;

-- CASE, not OR: only a text that looks like an IP literal is cast to inet (a host name would
-- fail the cast).
ALTER TABLE extensions
    ADD CONSTRAINT extensions_bind_canonical CHECK (CASE
        WHEN bind_address ~ '^[0-9.]+$' OR bind_address ~ '^[0-9A-Fa-f:.]+$' AND bind_address ~ ':'
            THEN host(bind_address::inet) = bind_address
        ELSE bind_address ~ '^[a-z0-9._%:-]{1,253}$'
    END) NOT VALID;
