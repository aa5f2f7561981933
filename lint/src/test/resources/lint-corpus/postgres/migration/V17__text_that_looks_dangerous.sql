-- Hazards inside strings, dollar-quoted bodies and comments are text, not statements.
-- expect: none
INSERT INTO accounts (email) VALUES ('x; DROP TABLE accounts; --');
-- expect: none
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    DROP TABLE accounts;
    RETURN NEW;
END;
$fn$;
-- expect: none
/* DROP TABLE accounts; */ COMMENT ON TABLE accounts IS 'Holds; ALTER TABLE accounts DROP COLUMN email';
-- expect: none
UPDATE accounts SET email = E'it\'s; DROP TABLE x' WHERE id = 1;
