-- Undoes V3__create_projects.
DROP INDEX ix_projects_organization_id;
DROP TABLE projects;
