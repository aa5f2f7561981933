package dev.windsurf.data.internal.migration;

import dev.windsurf.data.migration.MigrationRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Hears Flyway start and finish each migration, times it, and passes it on to the listeners. One instance per run;
 * not thread-safe (Flyway calls it from the migrating thread).
 */
final class ProgressCallback implements Callback {

    private final Listeners listeners;
    private final int total;
    private final List<MigrationRun.Step> steps = new ArrayList<>();
    private long started;
    private int index;
    private MigrationInfo failed;
    private Throwable failure;

    ProgressCallback(Listeners listeners, int total) {
        this.listeners = listeners;
        this.total = total;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        MigrationInfo info = context.getMigrationInfo();
        if (info == null || info.getVersion() == null) {
            return;
        }
        if (event == Event.BEFORE_EACH_MIGRATE) {
            index++;
            started = System.nanoTime();
            listeners.stepStarting(MigrationRun.Direction.UPGRADE, index, Math.max(total, index), info.getScript());
        } else if (event == Event.AFTER_EACH_MIGRATE) {
            MigrationRun.Step step = new MigrationRun.Step(info.getVersion().getVersion(), info.getDescription(),
                    info.getScript(), Duration.ofNanos(System.nanoTime() - started));
            steps.add(step);
            listeners.stepFinished(MigrationRun.Direction.UPGRADE, index, Math.max(total, index), step);
        } else {
            failed = info;
        }
    }

    /** Tells the listeners about a failure Flyway reported, once the exception is known. */
    void failedWith(Throwable cause) {
        if (failed != null && failure == null) {
            failure = cause;
            listeners.stepFailed(MigrationRun.Direction.UPGRADE, index, Math.max(total, index), failed.getScript(),
                    cause);
        }
    }

    /** The migration that failed, or null. */
    MigrationInfo failedMigration() {
        return failed;
    }

    /** The migrations applied, in order. */
    List<MigrationRun.Step> steps() {
        return List.copyOf(steps);
    }

    @Override
    public String getCallbackName() {
        return "windsurf-progress";
    }
}
