package dev.windsurf.data.internal;

import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.Health;
import dev.windsurf.data.ModeState;
import dev.windsurf.data.SchemaPolicy;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every listener in order; a listener that throws is logged and skipped, never allowed to
 * break the call that caused the event. Thread-safe.
 */
public final class ListenerDispatch implements DatabaseListener {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatch.class);

    private final String name;
    private final List<DatabaseListener> listeners;

    public ListenerDispatch(String name, List<DatabaseListener> listeners) {
        this.name = name;
        this.listeners = List.copyOf(listeners);
    }

    private void each(String event, Consumer<DatabaseListener> call) {
        for (DatabaseListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("[{}] Listener {} failed on {}: {}", name, listener.getClass().getName(), event, e.toString());
            }
        }
    }

    @Override
    public void onStarted(Health health) {
        each("onStarted", l -> l.onStarted(health));
    }

    @Override
    public void onSchemaChecked(SchemaPolicy policy, String databaseVersion, String codeVersion, int applied) {
        each("onSchemaChecked", l -> l.onSchemaChecked(policy, databaseVersion, codeVersion, applied));
    }

    @Override
    public void onFallbackActivated(String primaryUrl, String fallbackUrl, Throwable cause) {
        each("onFallbackActivated", l -> l.onFallbackActivated(primaryUrl, fallbackUrl, cause));
    }

    @Override
    public void onRetry(int attempt, String sqlState, Throwable cause) {
        each("onRetry", l -> l.onRetry(attempt, sqlState, cause));
    }

    @Override
    public void onRetriesExhausted(int attempts, Throwable cause) {
        each("onRetriesExhausted", l -> l.onRetriesExhausted(attempts, cause));
    }

    @Override
    public void onModeChanged(ModeState previous, ModeState current) {
        each("onModeChanged", l -> l.onModeChanged(previous, current));
    }

    @Override
    public void onReadReplicaChanged(boolean inUse, String replicaUrl) {
        each("onReadReplicaChanged", l -> l.onReadReplicaChanged(inUse, replicaUrl));
    }

    @Override
    public void onPrimaryChanged(String from, String to) {
        each("onPrimaryChanged", l -> l.onPrimaryChanged(from, to));
    }

    @Override
    public void onSplitBrain(String refused, String accepted) {
        each("onSplitBrain", l -> l.onSplitBrain(refused, accepted));
    }

    @Override
    public void onClosed() {
        each("onClosed", DatabaseListener::onClosed);
    }
}
