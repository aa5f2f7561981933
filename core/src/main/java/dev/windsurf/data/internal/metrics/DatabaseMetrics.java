package dev.windsurf.data.internal.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.ModeState;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.internal.tx.TransactionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;

/**
 * The Micrometer meters of one database, fed by the listener and observer hooks. Every meter is tagged
 * {@code database=<name>}; names are dotted, lower case and in base units (seconds), as Micrometer recommends, so a
 * Prometheus registry shows {@code windsurf_db_operations_seconds_count} and so on. The only class of the library that
 * touches Micrometer (with HikariCP's own tracker): it is loaded only when the application gave a registry.
 * Thread-safe.
 */
public final class DatabaseMetrics implements DatabaseListener, TransactionObserver {

    static final String OPERATIONS = "windsurf.db.operations";
    static final String RETRIES = "windsurf.db.retries";
    static final String RETRIES_EXHAUSTED = "windsurf.db.retries.exhausted";
    static final String WRITES_REFUSED = "windsurf.db.writes.refused";
    static final String MODE_CHANGES = "windsurf.db.mode.changes";
    static final String REPLICA_CHANGES = "windsurf.db.replica.changes";
    static final String READ_ONLY = "windsurf.db.read.only";
    static final String FALLBACK_ACTIVE = "windsurf.db.fallback.active";
    static final String REPLICA_IN_USE = "windsurf.db.replica.in.use";
    static final String SCHEMA_VERSION = "windsurf.db.schema.version";
    static final String REPLICA_LAG = "windsurf.db.replica.lag";

    private final MeterRegistry registry;
    private final Tags tags;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    /**
     * @param name     the database's name: the {@code database} tag
     * @param registry a {@link MeterRegistry}
     * @throws IllegalArgumentException when {@code registry} is not a Micrometer {@link MeterRegistry}
     */
    public DatabaseMetrics(String name, Object registry) {
        if (!(registry instanceof MeterRegistry meterRegistry)) {
            throw new IllegalArgumentException("meterRegistry must be an io.micrometer.core.instrument.MeterRegistry, "
                    + "was " + registry.getClass().getName());
        }
        this.registry = meterRegistry;
        this.tags = Tags.of("database", name);
    }

    /**
     * Registers the gauges and HikariCP's pool meters (its {@code hikaricp.connections.*}, tagged {@code pool}).
     *
     * @param pools         the database's HikariCP pools
     * @param readOnly      whether writes are refused now
     * @param fallback      whether the fallback is in use
     * @param replicaInUse  whether reads go to the read replica now
     * @param replicaLag    the read replica's lag in seconds (NaN while unknown), or null without a replica
     * @param sets          every migration set's version in the database and in the code
     */
    public void bind(List<DataSource> pools, BooleanSupplier readOnly, boolean fallback, BooleanSupplier replicaInUse,
                     DoubleSupplier replicaLag, List<dev.windsurf.data.Health.SetVersion> sets) {
        MicrometerMetricsTrackerFactory trackers = new MicrometerMetricsTrackerFactory(registry);
        for (DataSource pool : pools) {
            if (pool instanceof HikariDataSource hikari && hikari.getMetricsTrackerFactory() == null) {
                hikari.setMetricsTrackerFactory(trackers);
            }
        }
        gauge(READ_ONLY, "1 while writes are refused (READ_ONLY), else 0", Tags.empty(),
                () -> readOnly.getAsBoolean() ? 1 : 0);
        gauge(FALLBACK_ACTIVE, "1 when the primary was unreachable at start and the fallback is in use", Tags.empty(),
                () -> fallback ? 1 : 0);
        gauge(REPLICA_IN_USE, "1 while read transactions go to the read replica", Tags.empty(),
                () -> replicaInUse.getAsBoolean() ? 1 : 0);
        if (replicaLag != null) {
            meters.add(Gauge.builder(REPLICA_LAG, replicaLag::getAsDouble).baseUnit("seconds")
                    .description("how far the read replica is behind the primary, as its last health check measured")
                    .tags(tags).strongReference(true).register(registry));
        }
        for (dev.windsurf.data.Health.SetVersion set : sets) {
            gauge(SCHEMA_VERSION, "a migration set's schema version: of the database and the one the code was built "
                    + "for", Tags.of("source", "database", "set", set.set()), () -> version(set.version()));
            gauge(SCHEMA_VERSION, "a migration set's schema version: of the database and the one the code was built "
                    + "for", Tags.of("source", "code", "set", set.set()), () -> version(set.codeVersion()));
        }
    }

    private void gauge(String name, String description, Tags extra, DoubleSupplier value) {
        meters.add(Gauge.builder(name, value::getAsDouble).description(description).tags(tags.and(extra))
                .strongReference(true).register(registry));
    }

    private static double version(String version) {
        if (version == null) {
            return 0;
        }
        try {
            return Double.parseDouble(version);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Override
    public Scope operationStarted(Operation operation) {
        Timer.Sample sample = Timer.start(registry);
        return failure -> {
            sample.stop(timer(operation.label(), Outcomes.outcome(failure)));
            if (operation == Operation.WRITE && failure instanceof ReadOnlyModeException) {
                counter(WRITES_REFUSED, "writes refused because the database is READ_ONLY or refused them",
                        Tags.empty()).increment();
            }
        };
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + '|' + outcome, key -> register(Timer.builder(OPERATIONS)
                .description("read, query and write calls, by outcome, retries included")
                .tags(tags).tag("operation", operation).tag("outcome", outcome).register(registry)));
    }

    private Counter counter(String name, String description, Tags extra) {
        return counters.computeIfAbsent(name + extra, key -> register(Counter.builder(name).description(description)
                .tags(tags.and(extra)).register(registry)));
    }

    private <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Counted from {@link #onRetry}, which the listener dispatch delivers for the same event. */
    @Override
    public void retrying(int attempt, String code, Throwable cause) {
    }

    @Override
    public void onRetry(int attempt, String sqlState, Throwable cause) {
        counter(RETRIES, "transaction attempts that failed transiently and were tried again, by reason",
                Tags.of("reason", Outcomes.retryReason(sqlState, cause))).increment();
    }

    /** Counted from {@link #onRetriesExhausted}, which the listener dispatch delivers for the same event. */
    @Override
    public void retriesExhausted(int attempts, Throwable cause) {
    }

    @Override
    public void onRetriesExhausted(int attempts, Throwable cause) {
        counter(RETRIES_EXHAUSTED, "transactions that failed transiently on every attempt", Tags.empty())
                .increment();
    }

    @Override
    public void onModeChanged(ModeState previous, ModeState current) {
        counter(MODE_CHANGES, "changes of the write mode, by the mode entered",
                Tags.of("mode", current.mode().name().toLowerCase(Locale.ROOT))).increment();
    }

    @Override
    public void onReadReplicaChanged(boolean inUse, String replicaUrl) {
        counter(REPLICA_CHANGES, "read transactions moving off the read replica (in_use=false) or back to it",
                Tags.of("in_use", Boolean.toString(inUse))).increment();
    }

    /** Removes this database's own meters from the registry (HikariCP removes its pools' when they close). */
    @Override
    public void onClosed() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
        timers.clear();
        counters.clear();
    }
}
