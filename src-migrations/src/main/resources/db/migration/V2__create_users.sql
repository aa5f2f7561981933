-- Users, optionally members of one organization.
-- Deleting an organization keeps its members: organization_id becomes NULL.
CREATE TABLE users (
    id              TEXT                     NOT NULL,
    username        TEXT                     NOT NULL,
    email           TEXT                     NOT NULL,
    password_hash   TEXT                     NOT NULL,
    is_active       BOOLEAN                  NOT NULL DEFAULT TRUE,
    is_admin        BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    organization_id TEXT,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_username UNIQUE (username),
    CONSTRAINT fk_users_organization FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE SET NULL,
    CONSTRAINT ck_users_id_length CHECK (length(id) = 36),
    -- 3 to 32 characters of [a-z0-9_.-]: trim() removes every allowed character, nothing may remain.
    CONSTRAINT ck_users_username_format CHECK (
        length(username) BETWEEN 3 AND 32
        AND trim(username, 'abcdefghijklmnopqrstuvwxyz0123456789_.-') = ''),
    CONSTRAINT ck_users_email_format CHECK (
        length(email) BETWEEN 3 AND 254 AND email LIKE '_%@_%'),
    CONSTRAINT ck_users_password_hash_length CHECK (length(password_hash) BETWEEN 16 AND 512),
    CONSTRAINT ck_users_is_active_boolean CHECK (is_active IN (TRUE, FALSE)),
    CONSTRAINT ck_users_is_admin_boolean CHECK (is_admin IN (TRUE, FALSE))
);

-- E-mail addresses are unique regardless of case.
CREATE UNIQUE INDEX uq_users_email_lower ON users (lower(email));
CREATE INDEX ix_users_organization_id ON users (organization_id);
