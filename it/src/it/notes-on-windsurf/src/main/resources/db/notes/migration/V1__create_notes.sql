-- A note belongs to a WindSurf user: this set depends on WindSurf's.
CREATE TABLE notes (
    id         TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    body       TEXT NOT NULL,
    CONSTRAINT pk_notes PRIMARY KEY (id),
    CONSTRAINT fk_notes_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_notes_body_length CHECK (length(body) BETWEEN 1 AND 500)
);
