package dev.windsurf.data.migration;

import dev.windsurf.data.Engine;
import java.util.List;
import java.util.Objects;

/**
 * The difference between a database a developer changed by hand and the schema the migrations produce at the same
 * version, as readable lines and as SQL for review ({@link Migrations#autogenerate()}). Nothing here has been applied.
 * Immutable.
 *
 * @param engine      the engine both schemas were read on
 * @param version     the version the migrations were applied up to
 * @param source      how the database is named in the generated file (its URL, password masked)
 * @param differences every difference, one readable line each
 * @param forward     statements that make the migrations' schema into the database's, in order; a statement may be
 *                    preceded by comment lines (e.g. {@code -- NOT PORTABLE TO SQLITE: …}), and a change that cannot
 *                    be written as a statement on this engine is a comment starting {@code -- NOT GENERATED:}
 * @param undo        statements that reverse {@code forward}, in order
 * @param notes       one line for each statement that needs attention before the migration is committed
 */
public record SchemaChanges(Engine engine, String version, String source, List<String> differences,
                            List<String> forward, List<String> undo, List<String> notes) {

    /**
     * Copies the lists, so that the changes stay immutable.
     *
     * @throws NullPointerException when {@code engine} or a list is null
     */
    public SchemaChanges {
        Objects.requireNonNull(engine, "engine cannot be null");
        differences = List.copyOf(differences);
        forward = List.copyOf(forward);
        undo = List.copyOf(undo);
        notes = List.copyOf(notes);
    }

    /** {@return whether the database matches the migrations: nothing to write} */
    public boolean isEmpty() {
        return differences.isEmpty() && forward.isEmpty();
    }
}
