package dev.windsurf.data.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Migrations#check()} found. {@link #ok()} is true when the database is at head, every applied migration
 * matches its file, and its schema is the one the migrations produce. Immutable.
 *
 * @param currentVersion     the database's version, or null for {@code base}
 * @param headVersion        the newest version among the files, or null
 * @param pending            migrations waiting to be applied
 * @param checksumMismatches applied migrations whose file changed since
 * @param failed             migrations the history records as failed
 * @param unknown            applied migrations that no file of this build has
 * @param missingUndo        migrations without an undo script
 * @param drift              every difference between the database's schema and the schema the migrations produce on
 *                           a fresh database of the same engine at the same version, one readable line each
 * @param driftChecked       whether the schema was compared at all (and the undo scripts proven)
 * @param undoFailures       undo scripts that, on a scratch database of the same engine, fail, do not restore the
 *                           schema before their migration, or after which the migration does not apply again to the
 *                           same schema, one readable line each
 */
public record CheckReport(String currentVersion, String headVersion, List<Migration> pending,
                          List<Migration> checksumMismatches, List<Migration> failed, List<Migration> unknown,
                          List<Migration> missingUndo, List<String> drift, boolean driftChecked,
                          List<String> undoFailures) {

    /** Copies the lists, so that the report stays immutable. */
    public CheckReport {
        undoFailures = List.copyOf(undoFailures);
        pending = List.copyOf(pending);
        checksumMismatches = List.copyOf(checksumMismatches);
        failed = List.copyOf(failed);
        unknown = List.copyOf(unknown);
        missingUndo = List.copyOf(missingUndo);
        drift = List.copyOf(drift);
    }

    /**
     * A report without an undo proof.
     *
     * @param currentVersion     the database's version, or null for {@code base}
     * @param headVersion        the newest version among the files, or null
     * @param pending            migrations waiting to be applied
     * @param checksumMismatches applied migrations whose file changed since
     * @param failed             migrations the history records as failed
     * @param unknown            applied migrations that no file of this build has
     * @param missingUndo        migrations without an undo script
     * @param drift              every difference between the database's schema and the migrations' schema
     * @param driftChecked       whether the schema was compared at all
     */
    public CheckReport(String currentVersion, String headVersion, List<Migration> pending,
                       List<Migration> checksumMismatches, List<Migration> failed, List<Migration> unknown,
                       List<Migration> missingUndo, List<String> drift, boolean driftChecked) {
        this(currentVersion, headVersion, pending, checksumMismatches, failed, unknown, missingUndo, drift,
                driftChecked, List.of());
    }

    /**
     * {@return whether nothing is pending, changed, failed, unknown, drifted, without an undo script or not undone
     * exactly}
     */
    public boolean ok() {
        return pending.isEmpty() && checksumMismatches.isEmpty() && failed.isEmpty() && unknown.isEmpty()
                && drift.isEmpty() && missingUndo.isEmpty() && undoFailures.isEmpty();
    }

    /** {@return one sentence per problem, each with the command that fixes it; empty when {@link #ok()}} */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!pending.isEmpty()) {
            out.add("Target database is not up to date: it is at version " + (currentVersion == null ? "base"
                    : currentVersion) + ", head is " + headVersion + " (" + pending.size()
                    + " pending). Run `db upgrade head`.");
        }
        if (!checksumMismatches.isEmpty()) {
            out.add("Applied migration(s) " + scripts(checksumMismatches) + " changed since they ran. Restore the "
                    + "file(s), or run `db repair` if the database already matches them.");
        }
        if (!failed.isEmpty()) {
            out.add("Migration(s) " + scripts(failed) + " failed earlier. Fix the database by hand, then run "
                    + "`db repair`.");
        }
        if (!unknown.isEmpty()) {
            out.add("Can't locate revision(s) " + String.join(", ", unknown.stream().map(Migration::version).toList())
                    + ": the database has migrations this build does not know. Deploy a build that has them.");
        }
        if (!drift.isEmpty()) {
            out.add("Schema drift: " + drift.size() + " difference(s) from the schema the migrations produce at "
                    + "version " + (currentVersion == null ? "base" : currentVersion) + ". Write a migration for "
                    + "intended changes (`db revision --autogenerate`), or undo the changes made by hand.");
        }
        if (!missingUndo.isEmpty()) {
            out.add("No undo script " + String.join(", ", missingUndo.stream().map(Migration::undoScript).toList())
                    + ": `db downgrade` cannot pass these versions. Write them (`db revision` creates one next to "
                    + "every new migration).");
        }
        if (!undoFailures.isEmpty()) {
            out.add("Undo scripts do not reverse their migrations (" + undoFailures.size() + " difference(s) on a "
                    + "scratch database): fix the undo scripts listed, so that each restores the schema before its "
                    + "migration.");
        }
        return List.copyOf(out);
    }

    private static String scripts(List<Migration> migrations) {
        return String.join(", ", migrations.stream().map(Migration::script).toList());
    }
}
