-- expect: none
SET lock_timeout = '5s';
-- expect: constraint-not-valid
ALTER TABLE orders ADD CONSTRAINT fk_orders_account FOREIGN KEY (account_id) REFERENCES accounts (id);
-- expect: constraint-not-valid
ALTER TABLE orders ADD CONSTRAINT ck_orders_note CHECK (length(note) <= 500);
-- expect: none
ALTER TABLE orders ADD CONSTRAINT fk_orders_account_2 FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;
-- expect: none
ALTER TABLE orders ADD CONSTRAINT ck_orders_total_max CHECK (total < 1000000) NOT VALID;
-- expect: constraint-not-valid
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_total_max;
