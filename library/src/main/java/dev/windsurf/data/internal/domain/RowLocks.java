package dev.windsurf.data.internal.domain;

import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.SelectForUpdateStep;

/**
 * Row locks for the checks a service makes before it writes, so that what it checked still holds when it commits.
 * PostgreSQL gets {@code FOR UPDATE} / {@code FOR SHARE}; SQLite needs none, as its write transactions start with
 * {@code BEGIN IMMEDIATE} and so run one at a time. Stateless and thread-safe.
 */
public final class RowLocks {

    private RowLocks() {
    }

    /** The row will be changed or deleted: others wait to change it or to refer to it. */
    public static <R extends Record> ResultQuery<R> forUpdate(SelectForUpdateStep<R> select) {
        return postgres(select) ? select.forUpdate() : select;
    }

    /** The row is referred to, or its values are relied on: others wait to change or delete it. */
    public static <R extends Record> ResultQuery<R> forShare(SelectForUpdateStep<R> select) {
        return postgres(select) ? select.forShare() : select;
    }

    private static boolean postgres(SelectForUpdateStep<?> select) {
        return select.configuration() != null && select.configuration().family() == SQLDialect.POSTGRES;
    }
}
