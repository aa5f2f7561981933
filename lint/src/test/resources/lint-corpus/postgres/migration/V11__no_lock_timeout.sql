-- expect: require-lock-timeout
ALTER TABLE accounts ADD COLUMN remark TEXT;
