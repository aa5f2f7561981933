-- Undoes V1__create_organizations.
DROP TABLE organizations;
