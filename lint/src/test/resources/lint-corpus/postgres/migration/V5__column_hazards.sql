-- expect: none
SET lock_timeout = '5s';
-- expect: none
ALTER TABLE accounts ADD COLUMN nickname TEXT;
-- expect: add-required-column
ALTER TABLE accounts ADD COLUMN status TEXT NOT NULL;
-- expect: none
ALTER TABLE accounts ADD COLUMN tier TEXT NOT NULL DEFAULT 'free';
-- expect: add-column-volatile-default
ALTER TABLE accounts ADD COLUMN api_key UUID DEFAULT gen_random_uuid();
-- expect: none
ALTER TABLE accounts ADD COLUMN seen_at TIMESTAMPTZ DEFAULT now();
-- expect: add-column-volatile-default
ALTER TABLE accounts ADD COLUMN email_lower TEXT GENERATED ALWAYS AS (lower(email)) STORED;
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN nickname SET NOT NULL;
-- expect: change-column-type
ALTER TABLE orders ALTER COLUMN total TYPE NUMERIC(14, 2);
-- expect: change-column-type, prefer-text
ALTER TABLE orders ALTER COLUMN note SET DATA TYPE VARCHAR(500);
-- expect: rename-column
ALTER TABLE accounts RENAME COLUMN nickname TO display_name;
-- expect: rename-table
ALTER TABLE orders RENAME TO purchases;
-- expect: drop-column
ALTER TABLE accounts DROP COLUMN tier;
-- expect: none
ALTER TABLE accounts ALTER COLUMN display_name SET DEFAULT 'anonymous';
-- expect: none
ALTER TABLE accounts ALTER COLUMN status DROP NOT NULL;
-- expect: none
ALTER TABLE accounts ADD COLUMN referrer_id BIGINT REFERENCES accounts (id);
-- expect: constraint-not-valid
ALTER TABLE accounts ADD COLUMN sponsor_id BIGINT DEFAULT 1 REFERENCES accounts (id);
