-- expect: none
SET lock_timeout = '5s';
-- expect: drop-table
DROP TABLE t_char;
-- expect: drop-table
DROP TABLE IF EXISTS t_varchar;
-- expect: none
CREATE TABLE scratch (id BIGINT PRIMARY KEY);
-- expect: none
DROP TABLE scratch;
-- expect: truncate
TRUNCATE t_timestamp;
-- expect: allowed drop-table
-- lint: allow drop-table -- t_int_fk has been unused since release 2.3
DROP TABLE t_int_fk;
