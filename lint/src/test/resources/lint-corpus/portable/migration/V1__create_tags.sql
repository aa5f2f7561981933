-- expect: none
CREATE TABLE tags (
    id         TEXT                     NOT NULL,
    name       TEXT                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_tags PRIMARY KEY (id),
    CONSTRAINT ck_tags_name_length CHECK (length(name) BETWEEN 1 AND 50)
);
-- expect: none
CREATE UNIQUE INDEX uq_tags_name ON tags (name);
