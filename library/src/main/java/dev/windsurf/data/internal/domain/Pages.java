package dev.windsurf.data.internal.domain;

import dev.windsurf.data.Page;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.internal.validation.InputValidator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;

/**
 * Keyset pagination by id: ids are UUIDv7 text of one fixed form, so their order is creation order under any
 * collation. Asks for one row more than the limit to know whether a next page exists. Stateless and thread-safe.
 */
public final class Pages {

    private Pages() {
    }

    /**
     * Validates a page request into the check (limit on field {@code limit}, cursor on field {@code cursor}) and
     * returns the id to start after, or null for the first page (or when the cursor is invalid).
     */
    public static String position(InputValidator.Check check, PageRequest page) {
        Objects.requireNonNull(page, "page cannot be null");
        check.bean(page);
        if (page.cursor() == null) {
            return null;
        }
        String after = Cursors.decode(page.cursor());
        if (after == null) {
            check.add("cursor", "is not a cursor returned by a previous page");
        }
        return after;
    }

    /** One page of the rows of {@code table} matching {@code condition}, in id order, after the id {@code after}. */
    public static <R extends Record, V> Page<V> fetch(DSLContext tx, Table<R> table, TableField<R, String> id,
                                                     Condition condition, String after, int limit,
                                                     Function<? super R, V> view) {
        Condition where = after == null ? condition : condition.and(id.gt(after));
        List<R> rows = tx.selectFrom(table).where(where).orderBy(id.asc()).limit(limit + 1).fetch();
        boolean more = rows.size() > limit;
        List<V> items = rows.stream().limit(limit).map(view).toList();
        return new Page<>(items, more ? Cursors.after(rows.get(limit - 1).get(id)) : null);
    }
}
