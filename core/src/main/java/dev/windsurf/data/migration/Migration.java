package dev.windsurf.data.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One versioned migration as the files and the database's history see it together, like a line of
 * {@code flyway info}. Immutable.
 *
 * @param version       the version, e.g. {@code 3}
 * @param description   the description, e.g. {@code create projects}
 * @param script        the file name, e.g. {@code V3__create_projects.sql}
 * @param state         whether and how it was applied
 * @param installedOn   when it was applied, or null when it was not
 * @param installedBy   the database user who applied it, or null
 * @param executionTime how long it ran, or null when it was not applied
 * @param checksum      whether the applied migration still matches its file
 * @param undoScript    the name of its undo script, e.g. {@code U3__create_projects.sql}
 * @param undoAvailable whether that undo script exists
 */
public record Migration(String version, String description, String script, State state, Instant installedOn,
                        String installedBy, Duration executionTime, Checksum checksum, String undoScript,
                        boolean undoAvailable) {

    /** Whether and how a migration was applied. */
    public enum State {
        /** Not applied yet. */
        PENDING,
        /** Applied successfully. */
        APPLIED,
        /** Applied, and failed; the history keeps the record until {@code db repair}. */
        FAILED,
        /** Applied, but this build has no file for it (and it is older than the newest file). */
        MISSING_FILE,
        /** Applied, newer than every file of this build. */
        FUTURE,
        /** Not applied, and older than the current version: Flyway skips it. */
        IGNORED,
        /** A baseline marker, not a migration that ran. */
        BASELINE
    }

    /** Whether an applied migration's recorded checksum matches its file. */
    public enum Checksum {
        /** Applied, and the file is unchanged. */
        MATCHES,
        /** Applied, and the file changed since. */
        CHANGED,
        /** Not applied: nothing to compare. */
        NOT_APPLIED,
        /** Applied, and no file to compare with. */
        NO_FILE
    }

    /**
     * Checks that the components that always have a value are present.
     *
     * @throws NullPointerException when {@code version}, {@code description}, {@code script}, {@code state},
     *                             {@code checksum} or {@code undoScript} is null
     */
    public Migration {
        Objects.requireNonNull(version, "version cannot be null");
        Objects.requireNonNull(description, "description cannot be null");
        Objects.requireNonNull(script, "script cannot be null");
        Objects.requireNonNull(state, "state cannot be null");
        Objects.requireNonNull(checksum, "checksum cannot be null");
        Objects.requireNonNull(undoScript, "undoScript cannot be null");
    }

    /** {@return whether the history records it as applied (successfully or not)} */
    public boolean applied() {
        return state != State.PENDING && state != State.IGNORED;
    }
}
