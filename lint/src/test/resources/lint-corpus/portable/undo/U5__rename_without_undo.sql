-- expect: undo-incomplete
-- Says it undoes V5, but drops the table instead of renaming it back.
DROP TABLE memos;
