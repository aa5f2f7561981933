package dev.windsurf.data.internal.readonly;

import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.ModeState;
import dev.windsurf.data.ReadOnlyControl;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.ReadOnlyStats;
import dev.windsurf.data.SplitBrainException;
import dev.windsurf.data.WriteMode;
import dev.windsurf.data.internal.tx.FailureClassifier.Classification;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only degradation state machine: READ_WRITE ⇄ READ_ONLY, entered automatically on write refusals or by an
 * operator, left automatically when the {@link WriteProbe} succeeds or by an operator. The check on the write path
 * is one volatile read. Transitions are serialised; listeners and logs hear each one once. Thread-safe.
 */
public final class ReadOnlyGate implements ReadOnlyControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyGate.class);

    private final String name;
    private final Duration interval;
    private final Clock clock;
    private final DatabaseListener listener;
    private final WriteProbe probe;
    private final boolean onConnectionFailure;

    private volatile ModeState state;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong transitions = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private long readOnlyNanos;
    private long enteredAtNanos;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> scheduled;
    private boolean closed;

    /**
     * @param name                the database's name, for log lines and the probe thread
     * @param interval            the probe interval (±20 % jitter), also the retry-after hint
     * @param onConnectionFailure whether writes failing with connection errors after their retries enter READ_ONLY
     */
    public ReadOnlyGate(String name, Duration interval, boolean onConnectionFailure, Clock clock,
                        DatabaseListener listener, WriteProbe probe) {
        this.name = name;
        this.interval = interval;
        this.onConnectionFailure = onConnectionFailure;
        this.clock = clock;
        this.listener = listener;
        this.probe = probe;
        this.state = new ModeState(WriteMode.READ_WRITE, "started", clock.instant(), true, null);
    }

    /**
     * Refuses a write at once while READ_ONLY.
     *
     * @throws ReadOnlyModeException (without a stack trace) when writes are refused
     */
    public void checkWritable() {
        ModeState current = state;
        if (current.readOnly()) {
            rejected.incrementAndGet();
            if (SplitBrainException.CODE.equals(current.sqlState())) {
                throw new SplitBrainException(current, interval);
            }
            throw new ReadOnlyModeException(current, interval, current.sqlState(), null);
        }
    }

    /**
     * The database refused a write (25006, 53100, SQLITE_READONLY*, SQLITE_FULL): enters READ_ONLY automatically and
     * returns the exception for the caller, whose write was not applied.
     */
    public ReadOnlyModeException refusedByDatabase(Classification c, Throwable cause) {
        enterAutomatically("the database refuses writes: " + describe(c), c.code());
        return new ReadOnlyModeException(state, interval, c.code(), cause);
    }

    /** A write failed with connection errors on every attempt: enters READ_ONLY automatically when configured to. */
    public void writesUnavailable(int attempts, String code) {
        if (onConnectionFailure) {
            enterAutomatically("writes failed with connection errors on " + attempts + " attempt(s)"
                    + (code == null ? "" : " (" + code + ")"), code);
        }
    }

    /**
     * A write could not even get a connection because the server refuses connections or connecting timed out: enters
     * READ_ONLY at once when configured to, rather than after every retry has waited for the pool.
     *
     * @return the exception for the caller, whose write was not applied, or null when this gate does not turn
     *         READ_ONLY on connection failures (the caller then retries as usual)
     */
    public ReadOnlyModeException serverUnreachable(Classification c, Throwable cause) {
        if (!onConnectionFailure) {
            return null;
        }
        enterAutomatically("the database server cannot be reached (" + (c.code() == null ? "no SQLState" : c.code())
                + ")", c.code());
        return new ReadOnlyModeException(state, interval, c.code(), cause);
    }

    private static String describe(Classification c) {
        String what = switch (c.code() == null ? "" : c.code()) {
            case "25006" -> "read-only transaction (a hot standby, or default_transaction_read_only)";
            case "53100" -> "disk full";
            default -> switch (c.sqlite() & 0xff) {
                case 8 -> "the database file is read-only";
                case 13 -> "the database or disk is full";
                case 10 -> "the database's files cannot be written (immutable, read-only mount or disk error)";
                default -> "write refused";
            };
        };
        return what + " (" + (c.code() == null ? "no SQLState" : c.code()) + ")";
    }

    private void enterAutomatically(String reason, String code) {
        String split = probe.splitBrain();
        synchronized (this) {
            if (state.readOnly() || closed) {
                return;
            }
            if (split != null) {
                transition(new ModeState(WriteMode.READ_ONLY, splitBrainReason(split), clock.instant(), true,
                        SplitBrainException.CODE));
            } else {
                transition(new ModeState(WriteMode.READ_ONLY, reason, clock.instant(), true, code));
            }
            scheduleProbe();
        }
    }

    private static String splitBrainReason(String split) {
        return "split brain, no primary may be written to: " + split + "; fence the wrong server or accept one "
                + "with ReadOnlyControl.acceptPrimary";
    }

    @Override
    public void acceptPrimary(String server) {
        probe.acceptPrimary(server);
        synchronized (this) {
            if (state.readOnly() && state.automatic() && !closed) {
                cancelProbe();
                scheduled = scheduler.schedule(this::runProbe, 0, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public ModeState state() {
        return state;
    }

    @Override
    public void enter(String reason) {
        Objects.requireNonNull(reason, "reason cannot be null");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason cannot be blank");
        }
        synchronized (this) {
            cancelProbe();
            transition(new ModeState(WriteMode.READ_ONLY, reason, state.readOnly() ? state.since() : clock.instant(),
                    false, null));
        }
    }

    @Override
    public void exit() {
        synchronized (this) {
            if (state.readOnly()) {
                cancelProbe();
                transition(new ModeState(WriteMode.READ_WRITE, "ended by an operator", clock.instant(), false, null));
            }
        }
    }

    @Override
    public ReadOnlyStats stats() {
        synchronized (this) {
            long total = readOnlyNanos + (state.readOnly() ? System.nanoTime() - enteredAtNanos : 0);
            return new ReadOnlyStats(rejected.get(), transitions.get(), Duration.ofNanos(total), probes.get());
        }
    }

    /** The probe interval, which is also the retry-after hint. */
    public Duration interval() {
        return interval;
    }

    /** Must hold the lock. */
    private void transition(ModeState next) {
        ModeState previous = state;
        boolean modeChanges = previous.mode() != next.mode();
        state = next;
        if (modeChanges) {
            transitions.incrementAndGet();
            if (next.readOnly()) {
                enteredAtNanos = System.nanoTime();
                LOG.warn("[{}] Entering READ_ONLY mode ({}): {}. Writes are refused until {}.", name,
                        next.automatic() ? "automatic" : "operator", next.reason(),
                        next.automatic() ? "a probe every " + interval.toMillis() + " ms finds they work again"
                                : "an operator ends it");
            } else {
                long spent = System.nanoTime() - enteredAtNanos;
                readOnlyNanos += spent;
                LOG.info("[{}] Back to READ_WRITE after {} ms read-only: {}", name,
                        TimeUnit.NANOSECONDS.toMillis(spent), next.reason());
            }
        } else if (next.readOnly() && next.automatic()) {
            LOG.warn("[{}] Still READ_ONLY: {}", name, next.reason());
        } else if (next.readOnly()) {
            LOG.warn("[{}] READ_ONLY mode taken over by an operator: {}", name, next.reason());
        }
        listener.onModeChanged(previous, next);
    }

    /** Must hold the lock. */
    private void scheduleProbe() {
        if (closed) {
            return;
        }
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    runnable -> Thread.ofPlatform().daemon().name(name + "-write-probe").unstarted(runnable));
        }
        long base = interval.toNanos();
        long jitter = (long) (base * 0.2);
        long delay = base - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
        scheduled = scheduler.schedule(this::runProbe, delay, TimeUnit.NANOSECONDS);
    }

    private void cancelProbe() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private void runProbe() {
        ModeState probed = state;
        if (!probed.readOnly() || !probed.automatic() || closed) {
            return;
        }
        probes.incrementAndGet();
        boolean works;
        try {
            works = probe.writesWork();
        } catch (RuntimeException e) {
            LOG.debug("[{}] Write probe failed unexpectedly: {}", name, e.toString());
            works = false;
        }
        synchronized (this) {
            if (state != probed) {
                return; // an operator or another event changed the mode meanwhile
            }
            if (works) {
                scheduled = null;
                transition(new ModeState(WriteMode.READ_WRITE, "writes work again", clock.instant(), true, null));
            } else {
                String split = probe.splitBrain();
                String code = split == null ? null : SplitBrainException.CODE;
                if (split != null && !splitBrainReason(split).equals(state.reason())) {
                    transition(new ModeState(WriteMode.READ_ONLY, splitBrainReason(split), state.since(), true,
                            code));
                }
                scheduleProbe();
            }
        }
    }

    /** Stops the probe thread. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            cancelProbe();
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }
}
