-- expect: rename-table
ALTER TABLE notes RENAME TO memos;
