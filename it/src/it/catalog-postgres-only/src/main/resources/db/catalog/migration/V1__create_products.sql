CREATE TYPE product_state AS ENUM ('draft', 'live', 'retired');

CREATE TABLE products (
    id         BIGINT        GENERATED ALWAYS AS IDENTITY,
    name       TEXT          NOT NULL,
    state      product_state NOT NULL DEFAULT 'draft',
    tags       TEXT[]        NOT NULL DEFAULT '{}',
    attributes JSONB         NOT NULL DEFAULT '{}',
    CONSTRAINT pk_products PRIMARY KEY (id)
);
