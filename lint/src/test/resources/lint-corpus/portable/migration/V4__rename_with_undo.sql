-- expect: allowed rename-column
-- lint: allow rename-column -- nothing reads tags.slug yet: it was added in the same release
ALTER TABLE tags RENAME COLUMN slug TO handle;
