-- expect: undo-incomplete
-- Forgets most of what V2 did.
DROP TABLE events;
