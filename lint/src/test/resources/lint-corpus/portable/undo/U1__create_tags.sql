-- expect: none
DROP INDEX uq_tags_name;
-- expect: none
DROP TABLE tags;
