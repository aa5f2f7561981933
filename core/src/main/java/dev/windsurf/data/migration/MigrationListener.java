package dev.windsurf.data.migration;

import java.time.Duration;
import java.util.List;

/**
 * Receives progress while {@link Migrations} applies or undoes migrations, on the thread that runs them. Every method
 * has an empty default. A listener that throws does not stop the run: the exception is logged and ignored. One run
 * calls its listeners from one thread, so implementations need not be thread-safe unless they share state.
 */
public interface MigrationListener {

    /**
     * A run is about to start.
     *
     * @param direction {@code UPGRADE} or {@code DOWNGRADE}
     * @param plan      the migrations it will apply or undo, in order (it may do fewer when another process got
     *                  there first)
     */
    default void runStarting(MigrationRun.Direction direction, List<Migration> plan) {
    }

    /**
     * One migration or undo script is about to run.
     *
     * @param direction {@code UPGRADE} or {@code DOWNGRADE}
     * @param index  1 for the first of the plan
     * @param total  the plan's size
     * @param script the file that runs
     */
    default void stepStarting(MigrationRun.Direction direction, int index, int total, String script) {
    }

    /**
     * One migration or undo script ran and was committed.
     *
     * @param direction {@code UPGRADE} or {@code DOWNGRADE}
     * @param index     1 for the first of the plan
     * @param total     the plan's size
     * @param step      the script that ran, its version and how long it took
     */
    default void stepFinished(MigrationRun.Direction direction, int index, int total, MigrationRun.Step step) {
    }

    /**
     * Another process is upgrading or downgrading the same SQLite database: this run waits for it (at most
     * {@code limit}), then reads the history again and does what is left.
     *
     * @param database the database file
     * @param limit    how long it waits at most before it gives up
     */
    default void lockWaiting(String database, Duration limit) {
    }

    /**
     * One migration or undo script failed; its transaction was rolled back.
     *
     * @param direction {@code UPGRADE} or {@code DOWNGRADE}
     * @param index     1 for the first of the plan
     * @param total     the plan's size
     * @param script    the file that failed
     * @param cause     the failure, as the run reports it
     */
    default void stepFailed(MigrationRun.Direction direction, int index, int total, String script, Throwable cause) {
    }
}
