package dev.windsurf.data;

import java.io.Serial;

/**
 * The input refers to a row that does not exist: a project's owner, an organization, a member. Unlike
 * {@link NotFoundException}, which says that the row a call is about does not exist, this says that the call is
 * well-formed but one of the rows its input names is missing; a web service usually answers 422 rather than 404.
 * Nothing was written.
 */
public class MissingReferenceException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The input field holding the reference. */
    private final String field;
    /** What the reference should point to. */
    private final String entity;
    /** The id that was looked for. */
    private final String id;

    /**
     * Input that names a row that does not exist.
     *
     * @param field  the field of the caller's input that holds the reference, e.g. {@code ownerId}
     * @param entity what the reference should point to, e.g. {@code user}
     * @param id     the id that was looked for
     */
    public MissingReferenceException(String field, String entity, String id) {
        super(field + " refers to " + entity + " '" + id + "', which does not exist: create it first or refer to"
                + " another " + entity, null, null);
        this.field = field;
        this.entity = entity;
        this.id = id;
    }

    /** {@return the field of the caller's input that holds the reference, e.g. {@code ownerId}} */
    public String field() {
        return field;
    }

    /** {@return what the reference should point to, e.g. {@code user}} */
    public String entity() {
        return entity;
    }

    /** {@return the id that was looked for} */
    public String id() {
        return id;
    }
}
