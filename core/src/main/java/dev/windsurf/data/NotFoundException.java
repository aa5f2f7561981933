package dev.windsurf.data;

import java.io.Serial;

/** A row the caller named does not exist. Carries the entity and the id that were looked for. */
public class NotFoundException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What was looked for. */
    private final String entity;
    /** The id or key that was looked for. */
    private final String id;

    /**
     * A row that was looked for and does not exist.
     *
     * @param entity what was looked for, e.g. {@code user}
     * @param id     the id or key that was looked for
     */
    public NotFoundException(String entity, String id) {
        super(entity + " '" + id + "' does not exist", null, null);
        this.entity = entity;
        this.id = id;
    }

    /** {@return what was looked for, e.g. {@code user}} */
    public String entity() {
        return entity;
    }

    /** {@return the id or key that was looked for} */
    public String id() {
        return id;
    }
}
