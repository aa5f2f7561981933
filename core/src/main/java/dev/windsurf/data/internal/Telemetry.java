package dev.windsurf.data.internal;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.internal.metrics.DatabaseMetrics;
import dev.windsurf.data.internal.tracing.DatabaseTracing;
import dev.windsurf.data.internal.tracing.Endpoint;
import dev.windsurf.data.internal.tx.TransactionObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;
import org.jooq.ExecuteListener;

/**
 * The optional metrics (Micrometer) and traces (OpenTelemetry) of one database, behind types of the library and of
 * jOOQ only: {@link DatabaseMetrics} and {@link DatabaseTracing}, the classes that touch those libraries, are loaded
 * only when the configuration holds a registry or an OpenTelemetry, so that a database without them starts with
 * neither library on the class path. Thread-safe once built.
 */
public final class Telemetry {

    private final List<DatabaseListener> listeners;
    private final List<TransactionObserver> observers;
    private final ExecuteListener statements;
    private final Object metrics;
    private final Object tracing;

    private Telemetry(List<DatabaseListener> listeners, List<TransactionObserver> observers,
                      ExecuteListener statements, Object metrics, Object tracing) {
        this.listeners = List.copyOf(listeners);
        this.observers = List.copyOf(observers);
        this.statements = statements;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** Nothing: no metrics, no traces. */
    public static Telemetry none() {
        return new Telemetry(List.of(), List.of(), null, null, null);
    }

    /** The telemetry the configuration asks for; {@link #bind} completes it once the pools are open. */
    public static Telemetry of(DatabaseConfig config) {
        List<DatabaseListener> listeners = new ArrayList<>();
        List<TransactionObserver> observers = new ArrayList<>();
        ExecuteListener statements = null;
        Object metrics = null;
        Object tracer = null;
        if (config.meterRegistry() != null) {
            DatabaseMetrics m = new DatabaseMetrics(config.name(), config.meterRegistry());
            listeners.add(m);
            observers.add(m);
            metrics = m;
        }
        if (config.openTelemetry() != null) {
            DatabaseTracing tracing = new DatabaseTracing(config.openTelemetry());
            observers.add(tracing);
            statements = tracing.statements();
            tracer = tracing;
        }
        return new Telemetry(listeners, observers, statements, metrics, tracer);
    }

    /** The listeners that record events (the listener dispatch calls them after the application's). */
    public List<DatabaseListener> listeners() {
        return listeners;
    }

    /** The listener that traces statements, or null. */
    public ExecuteListener statements() {
        return statements;
    }

    /**
     * Completes the telemetry once the pools are open: where statements go, the gauges and the pools' meters.
     *
     * @param primary where the primary's connections go
     * @param replica where the read replica's connections go, or null without one
     * @param replicaLag the read replica's lag in seconds, or null without one
     */
    public void bind(Endpoint primary, Endpoint replica, List<DataSource> pools, BooleanSupplier readOnly,
                     boolean fallback, BooleanSupplier replicaInUse, DoubleSupplier replicaLag,
                     List<dev.windsurf.data.Health.SetVersion> sets) {
        if (tracing != null) {
            ((DatabaseTracing) tracing).endpoints(primary, replica);
        }
        if (metrics != null) {
            ((DatabaseMetrics) metrics).bind(pools, readOnly, fallback, replicaInUse, replicaLag, sets);
        }
    }

    /** Tells every observer; the scope it returns ends theirs in reverse order. */
    public TransactionObserver.Scope operationStarted(TransactionObserver.Operation operation) {
        if (observers.isEmpty()) {
            return TransactionObserver.Scope.NONE;
        }
        List<TransactionObserver.Scope> scopes = new ArrayList<>(observers.size());
        for (TransactionObserver o : observers) {
            scopes.add(o.operationStarted(operation));
        }
        return failure -> {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                scopes.get(i).end(failure);
            }
        };
    }

    /** Tells every observer; the scope it returns ends theirs in reverse order. */
    public TransactionObserver.Scope attemptStarted(TransactionObserver.Operation operation, int attempt,
                                                    DataSource source, boolean replica) {
        if (observers.isEmpty()) {
            return TransactionObserver.Scope.NONE;
        }
        List<TransactionObserver.Scope> scopes = new ArrayList<>(observers.size());
        for (TransactionObserver o : observers) {
            scopes.add(o.attemptStarted(operation, attempt, source, replica));
        }
        return failure -> {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                scopes.get(i).end(failure);
            }
        };
    }

    /** Tells every observer of a retry. */
    public void retrying(int attempt, String code, Throwable cause) {
        for (TransactionObserver o : observers) {
            o.retrying(attempt, code, cause);
        }
    }

    /** Tells every observer that the retries ran out. */
    public void retriesExhausted(int attempts, Throwable cause) {
        for (TransactionObserver o : observers) {
            o.retriesExhausted(attempts, cause);
        }
    }
}
