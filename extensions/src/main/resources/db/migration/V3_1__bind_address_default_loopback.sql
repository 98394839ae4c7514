-- issue 17: a row inserted without bind_address listens on loopback, never silently on every
-- interface. Rows that already name 0.0.0.0 keep it: that was written, not defaulted.
ALTER TABLE extensions ALTER COLUMN bind_address SET DEFAULT '127.0.0.1';
