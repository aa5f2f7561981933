-- expect: none
SET lock_timeout = '5s';
-- expect: none
ALTER TABLE accounts ADD CONSTRAINT ck_accounts_display_name_nn CHECK (display_name IS NOT NULL) NOT VALID;
