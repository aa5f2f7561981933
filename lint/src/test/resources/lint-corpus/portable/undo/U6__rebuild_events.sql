-- expect: none
CREATE TABLE events_rebuild AS SELECT * FROM events;
-- expect: none
DROP TABLE events;
-- expect: none
CREATE TABLE events (
    id   TEXT                     NOT NULL,
    kind TEXT                     NOT NULL,
    at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_events PRIMARY KEY (id)
);
-- expect: none
INSERT INTO events (id, kind, at) SELECT id, kind, at FROM events_rebuild;
-- expect: none
DROP TABLE events_rebuild;
-- expect: none
CREATE INDEX ix_events_kind ON events (kind);
