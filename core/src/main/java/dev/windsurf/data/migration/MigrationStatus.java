package dev.windsurf.data.migration;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a database's migration state at one moment, like Flyway's {@code MigrationInfoService}: every
 * migration the files and the history know, oldest first. Immutable; taking a new one reads the database again.
 *
 * @param all            every migration, oldest first
 * @param currentVersion the newest applied version, or null when none is applied ({@code base})
 * @param headVersion    the newest version among the files, or null when there is none
 */
public record MigrationStatus(List<Migration> all, String currentVersion, String headVersion) {

    /** Copies the list, so that the status stays immutable. */
    public MigrationStatus {
        all = List.copyOf(all);
    }

    /** {@return the migrations the history records as applied, oldest first} */
    public List<Migration> applied() {
        return all.stream().filter(Migration::applied).toList();
    }

    /** {@return the migrations waiting to be applied, oldest first} */
    public List<Migration> pending() {
        return all.stream().filter(m -> m.state() == Migration.State.PENDING).toList();
    }

    /** {@return the newest applied migration, if any} */
    public Optional<Migration> current() {
        return all.stream().filter(m -> m.version().equals(currentVersion) && m.applied()).findFirst();
    }

    /** {@return whether nothing is pending and the database is not ahead of the files} */
    public boolean upToDate() {
        return pending().isEmpty() && all.stream().noneMatch(m -> m.state() == Migration.State.FUTURE);
    }
}
