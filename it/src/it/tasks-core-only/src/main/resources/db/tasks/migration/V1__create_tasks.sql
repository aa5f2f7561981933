CREATE TABLE tasks (
    id         TEXT                     NOT NULL,
    title      TEXT                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_tasks PRIMARY KEY (id),
    CONSTRAINT uq_tasks_title UNIQUE (title)
);
