-- expect: none
SET lock_timeout = '5s';
-- expect: prefer-identity, prefer-bigint-key
CREATE TABLE t_serial (id SERIAL PRIMARY KEY, label TEXT);
-- expect: prefer-identity
CREATE TABLE t_bigserial (id BIGSERIAL PRIMARY KEY);
-- expect: prefer-text
CREATE TABLE t_char (code CHAR(3) NOT NULL);
-- expect: prefer-text, prefer-text
CREATE TABLE t_varchar (
    name VARCHAR(100) NOT NULL,
    note CHARACTER VARYING(20)
);
-- expect: prefer-timestamptz, prefer-timestamptz
CREATE TABLE t_timestamp (
    happened_at TIMESTAMP NOT NULL,
    seen_at     TIMESTAMP(3) WITHOUT TIME ZONE
);
-- expect: prefer-bigint-key
CREATE TABLE t_int_fk (id BIGINT PRIMARY KEY, account_id INTEGER REFERENCES accounts (id));
-- expect: none
CREATE TABLE t_safe_types (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name   TEXT NOT NULL CONSTRAINT ck_t_safe_types_name CHECK (length(name) <= 100),
    at     TIMESTAMP WITH TIME ZONE,
    amount INTEGER,
    body   VARCHAR
);
-- expect: prefer-text
ALTER TABLE accounts ADD COLUMN legacy_code VARCHAR(10);
