-- expect: none
ALTER TABLE tags RENAME COLUMN handle TO slug;
