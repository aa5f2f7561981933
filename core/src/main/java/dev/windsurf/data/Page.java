package dev.windsurf.data;

import java.util.List;
import java.util.Objects;

/**
 * One page of a list, in a stable order, with the cursor that asks for the next page.
 *
 * <p>Immutable and thread-safe.
 *
 * @param items      the items of this page, at most the requested limit (an unmodifiable copy)
 * @param nextCursor the cursor of the next page (pass it to {@link PageRequest#after(String, int)}), or null when
 *                   this is the last page
 * @param <T>        the item type
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** Copies the items. */
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items cannot be null"));
    }

    /** {@return whether another page follows, i.e. {@link #nextCursor()} is not null} */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
