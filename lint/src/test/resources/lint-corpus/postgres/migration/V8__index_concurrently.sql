-- expect: none
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_accounts_created_at ON accounts (created_at);
