package dev.windsurf.data.internal.migration;

import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationListener;
import dev.windsurf.data.migration.MigrationRun;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener in order; one that throws is logged and skipped, so that it cannot break a migration. */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final String name;
    private final List<MigrationListener> listeners;

    Listeners(String name, List<MigrationListener> listeners) {
        this.name = name;
        this.listeners = List.copyOf(listeners);
    }

    void runStarting(MigrationRun.Direction direction, List<Migration> plan) {
        each(l -> l.runStarting(direction, plan));
    }

    void stepStarting(MigrationRun.Direction direction, int index, int total, String script) {
        each(l -> l.stepStarting(direction, index, total, script));
    }

    void stepFinished(MigrationRun.Direction direction, int index, int total, MigrationRun.Step step) {
        each(l -> l.stepFinished(direction, index, total, step));
    }

    void lockWaiting(String database, Duration limit) {
        each(l -> l.lockWaiting(database, limit));
    }

    void stepFailed(MigrationRun.Direction direction, int index, int total, String script, Throwable cause) {
        each(l -> l.stepFailed(direction, index, total, script, cause));
    }

    private void each(Consumer<MigrationListener> call) {
        for (MigrationListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("[{}] Migration listener {} failed; ignored", name, listener, e);
            }
        }
    }
}
