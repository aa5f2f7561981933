-- expect: transaction-control
BEGIN;
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY ix_accounts_email_lower ON accounts (lower(email));
-- expect: transaction-control
COMMIT;
