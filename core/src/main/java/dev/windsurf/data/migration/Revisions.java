package dev.windsurf.data.migration;

import dev.windsurf.data.internal.migration.RevisionWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Writes new migrations into a source tree ({@code revision}): the next {@code V<n>__<description>.sql}, numbered
 * after the highest version in the migrations and undo directories, and its undo script
 * {@code U<n>__<description>.sql}, from templates (the counterpart of Alembic's {@code script.py.mako}). Never
 * overwrites a file: when either exists, nothing is written. Needs no database, except for the
 * {@link #create(String, SchemaChanges)} input, which {@link Migrations#autogenerate()} makes.
 *
 * <p>Templates: {@code revision.sql.template} and {@code undo.sql.template} in the template directory, when present;
 * otherwise built-in ones. They may use {@code {{message}}}, {@code {{version}}}, {@code {{description}}},
 * {@code {{script}}}, {@code {{undo_script}}}, {@code {{date}}} and {@code {{body}}} (empty, or the generated SQL).
 *
 * <p>Immutable and thread-safe; two processes writing revisions into one directory at once may pick the same number
 * (then the second fails with {@link MigrationException.Reason#FILE_EXISTS} or, with different messages, the next
 * command reports {@link MigrationException.Reason#DUPLICATE_VERSION}).
 */
public final class Revisions {

    private final RevisionWriter writer;

    private Revisions(Builder b) {
        this.writer = new RevisionWriter(b.migrationsDirectory, b.undoDirectory != null ? b.undoDirectory
                : b.migrationsDirectory.toAbsolutePath().normalize().resolveSibling("undo"),
                b.templateDirectory != null ? b.templateDirectory
                        : b.migrationsDirectory.toAbsolutePath().normalize().getParent(), b.clock);
    }

    /**
     * Starts a configuration.
     *
     * @param migrationsDirectory the directory of the {@code V<n>__*.sql} files, e.g.
     *                            {@code src-migrations/src/main/resources/db/migration}
     * @return a builder over that directory; not thread-safe
     * @throws NullPointerException when it is null
     */
    public static Builder builder(Path migrationsDirectory) {
        return new Builder(migrationsDirectory);
    }

    /**
     * The version the next revision gets: one more than the highest major version among the migration and undo
     * files, {@code 1} when there is none.
     *
     * @return the next version, such as {@code "4"}
     * @throws MigrationException with {@code MISSING_DIRECTORY} when a directory does not exist
     */
    public String nextVersion() {
        return writer.nextVersion();
    }

    /**
     * The description a message gives in file names: lower case, runs of letters and digits joined by {@code _},
     * accents dropped, at most 60 characters ({@code "Add tags!"} gives {@code add_tags}).
     *
     * @param message what the migration does, e.g. {@code Add tags!}
     * @return the description, e.g. {@code add_tags}
     * @throws IllegalArgumentException when the message has no letter or digit
     */
    public static String description(String message) {
        return RevisionWriter.description(message);
    }

    /**
     * Writes an empty migration and undo script for the message.
     *
     * @param message what the migration does, e.g. {@code add tags}; becomes the description {@code add_tags}
     * @return the new version and the two files written
     * @throws IllegalArgumentException when the message has no letter or digit
     * @throws MigrationException       {@code MISSING_DIRECTORY}, or {@code FILE_EXISTS} (nothing written)
     */
    public Revision create(String message) {
        return writer.write(message, null);
    }

    /**
     * Writes a migration and undo script holding generated SQL, marked as generated and to be reviewed.
     *
     * @param message what the migration does, e.g. {@code add tags}; becomes the description {@code add_tags}
     * @param changes from {@link Migrations#autogenerate()}
     * @return the new version and the two files written
     * @throws IllegalArgumentException when the message has no letter or digit
     * @throws MigrationException       {@code MISSING_DIRECTORY}, or {@code FILE_EXISTS} (nothing written)
     */
    public Revision create(String message, SchemaChanges changes) {
        return writer.write(message, Objects.requireNonNull(changes, "changes cannot be null"));
    }

    /** Collects the settings of {@link Revisions}. Mutable and not thread-safe. */
    public static final class Builder {

        private final Path migrationsDirectory;
        private Path undoDirectory;
        private Path templateDirectory;
        private Clock clock = Clock.system(ZoneOffset.UTC);

        private Builder(Path migrationsDirectory) {
            this.migrationsDirectory = Objects.requireNonNull(migrationsDirectory,
                    "migrationsDirectory cannot be null");
        }

        /**
         * The directory of the undo scripts (default: {@code undo} next to the migrations directory).
         *
         * @param undoDirectory the directory; not null
         * @return this builder
         */
        public Builder undoDirectory(Path undoDirectory) {
            this.undoDirectory = Objects.requireNonNull(undoDirectory, "undoDirectory cannot be null");
            return this;
        }

        /**
         * Where {@code revision.sql.template} and {@code undo.sql.template} are looked for (default: the migrations
         * directory's parent, e.g. {@code db/}). Missing templates fall back to the built-in ones.
         *
         * @param templateDirectory the directory; not null
         * @return this builder
         */
        public Builder templateDirectory(Path templateDirectory) {
            this.templateDirectory = Objects.requireNonNull(templateDirectory, "templateDirectory cannot be null");
            return this;
        }

        /**
         * The clock for the date written into new files (default: the system clock in UTC).
         *
         * @param clock the clock; not null
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** {@return the revision writer over these directories} */
        public Revisions build() {
            return new Revisions(this);
        }
    }
}
