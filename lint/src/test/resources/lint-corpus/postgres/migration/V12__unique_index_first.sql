-- expect: none
CREATE UNIQUE INDEX CONCURRENTLY ux_purchases_note ON purchases (note);
