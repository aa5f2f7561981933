-- expect: none
SET lock_timeout = '5s';
-- expect: none
ALTER TABLE accounts ALTER COLUMN display_name SET NOT NULL;
