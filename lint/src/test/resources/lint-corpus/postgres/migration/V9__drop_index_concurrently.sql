-- expect: none
DROP INDEX CONCURRENTLY IF EXISTS ix_orders_note;
