-- Undoes V2__create_users.
DROP INDEX ix_users_organization_id;
DROP INDEX uq_users_email_lower;
DROP TABLE users;
