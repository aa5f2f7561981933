DROP INDEX ix_idempotency_keys_expires_at;
DROP TABLE idempotency_keys;
