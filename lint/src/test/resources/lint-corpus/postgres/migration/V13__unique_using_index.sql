-- expect: none
SET lock_timeout = '5s';
-- expect: none
ALTER TABLE purchases ADD CONSTRAINT uq_purchases_note UNIQUE USING INDEX ux_purchases_note;
