-- The example app's own migration set, stacked on WindSurf's: the responses to POSTs sent with an
-- Idempotency-Key header, so that a client's retry gets the first response again instead of a 409 or a second row.
CREATE TABLE idempotency_keys (
    idempotency_key TEXT                     NOT NULL,
    method          TEXT                     NOT NULL,
    path            TEXT                     NOT NULL,
    request_hash    TEXT                     NOT NULL,
    status          INTEGER                  NOT NULL,
    response_body   TEXT                     NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (idempotency_key, method, path),
    CONSTRAINT ck_idempotency_keys_key_length CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT ck_idempotency_keys_hash_length CHECK (length(request_hash) = 64)
);

CREATE INDEX ix_idempotency_keys_expires_at ON idempotency_keys (expires_at);
