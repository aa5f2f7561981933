-- expect: none
SET lock_timeout = '5s';
-- expect: none
ALTER TABLE accounts VALIDATE CONSTRAINT ck_accounts_display_name_nn;
