package dev.windsurf.data;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Which page of a list to return: the first one, or the one after a cursor that a previous {@link Page} handed out,
 * with at most {@code limit} items.
 *
 * <p>Lists use keyset pagination in creation order (ids are time-ordered UUIDv7): a page never repeats or skips an
 * item because others were added or removed meanwhile. Cursors are opaque strings; they stay valid across restarts
 * and point after the last item of the page that issued them.
 *
 * <p>A limit outside 1–{@value #MAX_LIMIT} is refused by the listing call with a
 * {@link ValidationException} on field {@code limit} rather than clamped; so is a cursor that no page issued, on
 * field {@code cursor}. Immutable and thread-safe.
 *
 * @param cursor the cursor of a previous page, or null for the first page
 * @param limit  the largest number of items to return: 1 to {@value #MAX_LIMIT} (default: {@value #DEFAULT_LIMIT})
 */
public record PageRequest(
        String cursor,
        @Min(value = 1, message = "must be between 1 and " + PageRequest.MAX_LIMIT)
        @Max(value = PageRequest.MAX_LIMIT, message = "must be between 1 and " + PageRequest.MAX_LIMIT)
        int limit) {

    /** The number of items of a page when none is given. */
    public static final int DEFAULT_LIMIT = 50;

    /** The largest number of items a page may hold. */
    public static final int MAX_LIMIT = 200;

    /** {@return the first page, with {@value #DEFAULT_LIMIT} items at most} */
    public static PageRequest first() {
        return new PageRequest(null, DEFAULT_LIMIT);
    }

    /**
     * The first page, with {@code limit} items at most.
     *
     * @param limit the most items the page may hold, 1 to {@value #MAX_LIMIT}
     * @return the request
     */
    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }

    /** {@return the page after the one that issued {@code cursor}, with {@code limit} items at most} */
    public static PageRequest after(String cursor, int limit) {
        return new PageRequest(cursor, limit);
    }

    /**
     * The page after {@code page}, with the same limit as this request.
     *
     * @param page a page that this request, or one like it, returned
     * @return the request for the page that follows it
     * @throws IllegalStateException when {@code page} is the last page
     */
    public PageRequest next(Page<?> page) {
        if (!page.hasNext()) {
            throw new IllegalStateException("page is the last page: there is no next page to ask for");
        }
        return new PageRequest(page.nextCursor(), limit);
    }
}
