package dev.windsurf.data.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Jepsen's set test, scaled to one machine: writer threads add unique elements while faults come and go; each
 * attempt's outcome is recorded as ok (acknowledged), failed (certainly not written) or unknown (may have been
 * written). Afterwards the elements read back must contain every acknowledged one (nothing lost), nothing never
 * attempted, and nothing twice. Also measures how fast the database turns to refusing writes and back.
 */
public final class SetTest {

    /** What happened to one attempt. */
    public enum Outcome { OK, FAILED, UNKNOWN }

    /** Adds one element; throws to report failure. */
    @FunctionalInterface
    public interface Writer {
        void add(String element) throws Exception;
    }

    /** Decides an exception's outcome (FAILED or UNKNOWN), and whether it was a fast refusal. */
    public interface Judge {
        Outcome outcomeOf(Exception e);

        boolean fastRefusal(Exception e);
    }

    /** A fault to inject and heal. */
    public interface Fault {
        void inject() throws Exception;

        void heal() throws Exception;
    }

    private final Map<String, Outcome> attempts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> refusalNanos = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastFastRefusalAt = new AtomicLong();
    private final AtomicLong lastOkAt = new AtomicLong();
    private final List<Long> faultToRefusal = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> healToAccept = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> errors = new ConcurrentHashMap<>();

    /**
     * Runs the cycles.
     *
     * @param writers   writer threads
     * @param cycles    fault/heal cycles
     * @param faults    the faults, used in turn
     * @param refusing  whether the database currently refuses writes fast (e.g. its mode is READ_ONLY)
     */
    public void run(Writer writer, Judge judge, int writers, int cycles, List<Fault> faults, BooleanSupplier refusing,
                    Duration healthy, Duration faulty) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().name("set-writer-" + w).start(() -> {
                long seq = 0;
                while (!stop.get()) {
                    String element = "e-" + id + "-" + seq++;
                    long start = System.nanoTime();
                    try {
                        writer.add(element);
                        attempts.put(element, Outcome.OK);
                        lastOkAt.set(System.nanoTime());
                    } catch (Exception e) {
                        long took = System.nanoTime() - start;
                        attempts.put(element, judge.outcomeOf(e));
                        errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                        if (judge.fastRefusal(e)) {
                            refusalNanos.add(took);
                            lastFastRefusalAt.set(System.nanoTime());
                        }
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        try {
            for (int cycle = 0; cycle < cycles; cycle++) {
                Thread.sleep(healthy.toMillis());
                Fault fault = faults.get(cycle % faults.size());
                long injected = System.nanoTime();
                fault.inject();
                Await.until(Duration.ofSeconds(30), () -> lastFastRefusalAt.get() > injected);
                faultToRefusal.add(lastFastRefusalAt.get() - injected);
                if (Boolean.getBoolean("settest.verbose")) {
                    System.out.printf("cycle %d fault %d: %.1f ms to first fast refusal%n", cycle,
                            cycle % faults.size(), (lastFastRefusalAt.get() - injected) / 1e6);
                }
                Thread.sleep(faulty.toMillis());
                fault.heal();
                long healed = System.nanoTime();
                Await.until(Duration.ofSeconds(30), () -> lastOkAt.get() > healed && !refusing.getAsBoolean());
                healToAccept.add(lastOkAt.get() - healed);
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    /** The verdict, given the elements read back after healing (one entry per row). */
    public Verdict verdict(List<String> readBack) {
        Map<String, Integer> seen = new HashMap<>();
        readBack.forEach(e -> seen.merge(e, 1, Integer::sum));
        List<String> lost = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        long ok = 0;
        long failed = 0;
        long unknown = 0;
        long failedButPresent = 0;
        long unknownPresent = 0;
        for (Map.Entry<String, Outcome> a : attempts.entrySet()) {
            boolean present = seen.containsKey(a.getKey());
            switch (a.getValue()) {
                case OK -> {
                    ok++;
                    if (!present) {
                        lost.add(a.getKey());
                    }
                }
                case FAILED -> {
                    failed++;
                    if (present) {
                        failedButPresent++;
                    }
                }
                case UNKNOWN -> {
                    unknown++;
                    if (present) {
                        unknownPresent++;
                    }
                }
            }
        }
        for (Map.Entry<String, Integer> s : seen.entrySet()) {
            if (!attempts.containsKey(s.getKey())) {
                unexpected.add(s.getKey());
            }
            if (s.getValue() > 1) {
                duplicated.add(s.getKey());
            }
        }
        return new Verdict(ok, failed, unknown, unknownPresent, failedButPresent, lost, unexpected, duplicated,
                percentiles(new ArrayList<>(refusalNanos)), percentiles(faultToRefusal), percentiles(healToAccept),
                faultToRefusal.size(), Map.copyOf(errors));
    }

    private static long[] percentiles(List<Long> samples) {
        if (samples.isEmpty()) {
            return new long[] {0, 0, 0, 0};
        }
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return new long[] {sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1,
                Math.ceil(sorted.size() * 0.99) - 1)), sorted.getLast(), sorted.size()};
    }

    /** The result: counts, the three anomaly lists, and timings as {p50, p99, max, samples} in nanoseconds. */
    public record Verdict(long ok, long failed, long unknown, long unknownPresent, long failedButPresent,
                          List<String> lost, List<String> unexpected, List<String> duplicated, long[] refusalLatency,
                          long[] faultToRefusal, long[] healToAccept, int cycles, Map<String, Integer> errors) {

        @Override
        public String toString() {
            return String.format("cycles=%d ok=%d failed=%d unknown=%d (of which present %d) lost=%d unexpected=%d "
                            + "duplicated=%d failed-but-present=%d%n"
                            + "  fault -> first fast refusal: p50 %.1f ms, max %.1f ms%n"
                            + "  refused write latency: p50 %.1f µs, p99 %.1f µs, max %.1f µs (%d refusals)%n"
                            + "  heal -> first accepted write: p50 %.1f ms, max %.1f ms%n  errors seen: %s",
                    cycles, ok, failed, unknown, unknownPresent, lost.size(), unexpected.size(), duplicated.size(),
                    failedButPresent, faultToRefusal[0] / 1e6, faultToRefusal[2] / 1e6, refusalLatency[0] / 1e3,
                    refusalLatency[1] / 1e3, refusalLatency[2] / 1e3, refusalLatency[3], healToAccept[0] / 1e6,
                    healToAccept[2] / 1e6, errors);
        }
    }
}
