package dev.windsurf.data.project;

import dev.windsurf.data.Database;

/**
 * A {@link ProjectService} whose {@code createAll} inserts in JDBC batches on PostgreSQL too (the path SQLite always
 * takes), so that a benchmark can set the {@code COPY} path against it in the same run.
 */
public final class BatchInsertProjects {

    private BatchInsertProjects() {
    }

    /** A project service that never uses {@code COPY}. */
    public static ProjectService of(Database db) {
        return new ProjectService(db, false);
    }
}
