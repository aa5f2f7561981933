-- expect: none
SET lock_timeout = '5s';
-- expect: require-concurrent-index
CREATE INDEX ix_orders_note ON orders (note);
-- expect: require-concurrent-index
CREATE UNIQUE INDEX ux_orders_account_id_id ON orders (account_id, id);
-- expect: require-concurrent-index-drop
DROP INDEX ix_orders_account_id;
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY ix_orders_total ON orders (total);
-- expect: unique-constraint
ALTER TABLE accounts ADD CONSTRAINT uq_accounts_email UNIQUE (email);
-- expect: unique-constraint
ALTER TABLE events ADD PRIMARY KEY (id);
-- expect: none
ALTER TABLE accounts ADD CONSTRAINT uq_accounts_email_2 UNIQUE USING INDEX ux_accounts_email;
