package dev.windsurf.data.migration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an upgrade, downgrade or stamp did. Immutable.
 *
 * @param direction   what kind of run it was
 * @param fromVersion the version before, or null for {@code base}
 * @param toVersion   the version after, or null for {@code base}
 * @param headVersion the newest version among the files, or null when there is none
 * @param steps       the migrations applied, undone or recorded, in the order they ran
 * @param duration    how long the whole run took
 */
public record MigrationRun(Direction direction, String fromVersion, String toVersion, String headVersion,
                           List<Step> steps, Duration duration) {

    /** The kind of run. */
    public enum Direction {
        /** Migrations were applied. */
        UPGRADE,
        /** Undo scripts were run and the versions removed from the history. */
        DOWNGRADE,
        /** The history was changed without running anything. */
        STAMP
    }

    /**
     * One migration of a run.
     *
     * @param version     its version
     * @param description its description
     * @param script      the script that ran: the migration, its undo script, or (stamp) the migration recorded
     * @param duration    how long it took (zero for a stamp)
     */
    public record Step(String version, String description, String script, Duration duration) {
    }

    /**
     * Copies the steps, so that the run stays immutable.
     *
     * @throws NullPointerException when {@code direction} or {@code steps} is null
     */
    public MigrationRun {
        Objects.requireNonNull(direction, "direction cannot be null");
        steps = List.copyOf(steps);
    }

    /** {@return whether the database is at the newest version among the files after the run} */
    public boolean atHead() {
        return Objects.equals(toVersion, headVersion);
    }

    /** {@return whether the run changed the database} */
    public boolean changed() {
        return !steps.isEmpty() || !Objects.equals(fromVersion, toVersion);
    }
}
