-- Projects belong to one owner and optionally to an organization.
-- A user who owns projects cannot be deleted (RESTRICT): transfer or delete the projects first.
-- Deleting an organization keeps its projects with their owners: organization_id becomes NULL.
CREATE TABLE projects (
    id              TEXT                     NOT NULL,
    name            TEXT                     NOT NULL,
    description     TEXT,
    owner_id        TEXT                     NOT NULL,
    organization_id TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_projects PRIMARY KEY (id),
    CONSTRAINT uq_projects_owner_name UNIQUE (owner_id, name),
    CONSTRAINT fk_projects_owner FOREIGN KEY (owner_id)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_projects_organization FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE SET NULL,
    CONSTRAINT ck_projects_id_length CHECK (length(id) = 36),
    CONSTRAINT ck_projects_name_length CHECK (length(name) BETWEEN 1 AND 100),
    CONSTRAINT ck_projects_description_length CHECK (description IS NULL OR length(description) <= 2000)
);

CREATE INDEX ix_projects_organization_id ON projects (organization_id);
