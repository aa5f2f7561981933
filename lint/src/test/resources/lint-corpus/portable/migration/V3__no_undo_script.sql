-- expect: undo-missing
CREATE TABLE notes (
    id   TEXT NOT NULL,
    body TEXT NOT NULL,
    CONSTRAINT pk_notes PRIMARY KEY (id)
);
