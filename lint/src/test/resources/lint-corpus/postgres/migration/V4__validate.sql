-- expect: none
SET lock_timeout = '5s';
-- expect: none
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_account_2;
