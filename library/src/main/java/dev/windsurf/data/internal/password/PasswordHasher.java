package dev.windsurf.data.internal.password;

import dev.windsurf.data.OverloadedException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes passwords with Argon2id and verifies them, storing the result in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded standard Base64), so that the parameters travel
 * with each hash and can be raised later: {@link #verify} says when a stored hash was made with other parameters,
 * and the caller re-hashes the password then.
 *
 * <p>Passwords are normalised to Unicode NFKC before hashing (NIST SP 800-63B), so that the same password typed on
 * two keyboards that compose characters differently matches. The comparison of hashes is constant-time. Neither
 * passwords nor hashes appear in any message of this class.
 *
 * <p>Hashing is CPU- and memory-bound (19 MiB a call with OWASP's parameters), so it runs on a pool of platform
 * threads, one per processor but one (at least one), in arrival order; callers wait their turn (parked, when they are
 * virtual threads), and when 8 per hashing thread already wait, further calls are refused at once with
 * {@link OverloadedException} (a 503 with {@code Retry-After} for an HTTP service) rather than queue for tens of
 * seconds. With virtual threads a burst of thousands of sign-ups or logins would otherwise allocate 19 MiB each at the
 * same moment; the cap holds hashing memory to threads × 19 MiB.
 *
 * <p>Thread-safe: every call uses its own generator. Not final only so that the benchmarks can leave hashing out of
 * the data-layer figures they compare; nothing in the library subclasses it.
 */
public class PasswordHasher {

    /** OWASP's current recommendation for Argon2id: 19 MiB of memory, 2 iterations, parallelism 1. */
    public static final int OWASP_MEMORY_KIB = 19_456;
    public static final int OWASP_ITERATIONS = 2;
    public static final int OWASP_PARALLELISM = 1;

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /** Bounds for parameters read from a stored hash, so that a damaged row cannot ask for absurd work. */
    private static final int MAX_MEMORY_KIB = 1 << 21;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * At most this many hashes or verifications compute at once, in arrival order: one per processor but one, so that
     * a processor stays free to accept connections and answer other requests while a burst of sign-ups hashes (on two
     * processors, hashing on both starved the server's selector and turned quick refusals into multi-second waits).
     */
    static final int MAX_CONCURRENT = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    /**
     * At most this many more wait for their turn; beyond that a call is refused at once with
     * {@link OverloadedException}. 8 per hashing thread is well under a second of waiting with OWASP's parameters on an
     * idle machine, so that a burst of sign-ups gets quick 503s instead of a queue whose tail waits tens of seconds.
     */
    static final int MAX_WAITING_PER_PROCESSOR = 8;
    static final int MAX_WAITING = MAX_WAITING_PER_PROCESSOR * MAX_CONCURRENT;
    /**
     * Platform threads that do the hashing, one per processor but one, fed in arrival order. Callers on virtual threads park
     * while they wait instead of holding a carrier thread for the whole hash, so that request handling and I/O keep
     * running beside it. Daemon threads, shared by the JVM, idle when there is nothing to hash.
     */
    private static final ExecutorService HASHERS = Executors.newFixedThreadPool(MAX_CONCURRENT, new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "windsurf-argon2-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });
    /** Permits for computing or waiting: a call that finds none left is refused at once. */
    private static final Semaphore ADMITTED = new Semaphore(MAX_CONCURRENT + MAX_WAITING);
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger PEAK = new AtomicInteger();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final PasswordHasher OWASP = new PasswordHasher(OWASP_MEMORY_KIB, OWASP_ITERATIONS,
            OWASP_PARALLELISM);

    /** The result of checking a password against a stored hash. */
    public enum Verification {
        /** The password is wrong, or the stored hash is unreadable. */
        MISMATCH,
        /** The password is right and the hash uses the current parameters. */
        MATCH,
        /** The password is right, but the hash uses other parameters: store {@link #hash} of it instead. */
        MATCH_NEEDS_REHASH;

        public boolean matches() {
            return this != MISMATCH;
        }
    }

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    /** A hash of a random password, made on first use, for {@link #verifyDecoy}. */
    private final AtomicReference<String> decoy = new AtomicReference<>();

    /**
     * @throws IllegalArgumentException when a parameter is out of range
     */
    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM + ", was "
                    + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKib must be between " + 8 * parallelism + " and "
                    + MAX_MEMORY_KIB + ", was " + memoryKib);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS + ", was "
                    + iterations);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** The hasher with OWASP's parameters. */
    public static PasswordHasher owasp() {
        return OWASP;
    }

    /**
     * Hashes a password with a new random salt; returns the PHC string.
     *
     * @throws OverloadedException when {@value #MAX_WAITING_PER_PROCESSOR} calls per hashing thread already wait for
     *                             hashing: nothing was hashed, try again after its retry-after
     */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, memoryKib, iterations,
                parallelism, salt, password, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Checks a password against a stored PHC string (argon2id, argon2i or argon2d). A stored hash whose memory,
     * iterations or parallelism exceed this hasher's is refused as a mismatch without computing it: a planted row
     * must not make one sign-in allocate gigabytes. (So raise the parameters before storing hashes made with higher
     * ones, never the other way round.)
     *
     * @throws OverloadedException when too many calls already wait for hashing (see {@link #hash})
     */
    public Verification verify(String password, String stored) {
        Phc phc = Phc.parse(stored);
        if (phc == null || phc.memoryKib > memoryKib || phc.iterations > iterations
                || phc.parallelism > parallelism) {
            return Verification.MISMATCH;
        }
        byte[] actual = argon2(phc.type, phc.version, phc.memoryKib, phc.iterations, phc.parallelism, phc.salt,
                password, phc.hash.length);
        if (!MessageDigest.isEqual(actual, phc.hash)) {
            return Verification.MISMATCH;
        }
        boolean current = phc.type == Argon2Parameters.ARGON2_id && phc.version == Argon2Parameters.ARGON2_VERSION_13
                && phc.memoryKib == memoryKib && phc.iterations == iterations && phc.parallelism == parallelism
                && phc.salt.length == SALT_BYTES && phc.hash.length == HASH_BYTES;
        return current ? Verification.MATCH : Verification.MATCH_NEEDS_REHASH;
    }

    /**
     * Spends the time of one verification against a hash that no password matches. Call it when there is no stored
     * hash to check (an unknown user), so that the answer takes as long as for a known user and timing does not tell
     * which users exist.
     */
    public void verifyDecoy(String password) {
        String hash = decoy.get();
        if (hash == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            decoy.compareAndSet(null, hash(B64.encodeToString(random)));
            hash = decoy.get();
        }
        verify(password, hash);
    }

    private static byte[] argon2(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
                                 String password, int length) {
        if (!ADMITTED.tryAcquire()) {
            throw new OverloadedException("Too many passwords are being hashed at the moment; nothing was done. "
                    + "Try again in a second.", Duration.ofSeconds(1));
        }
        try {
            return admitted(type, version, memoryKib, iterations, parallelism, salt, password, length);
        } finally {
            ADMITTED.release();
        }
    }

    private static byte[] admitted(int type, int version, int memoryKib, int iterations, int parallelism,
                                   byte[] salt, String password, int length) {
        Future<byte[]> result = HASHERS.submit(() -> {
            int running = RUNNING.incrementAndGet();
            PEAK.accumulateAndGet(running, Math::max);
            try {
                return compute(type, version, memoryKib, iterations, parallelism, salt, password, length);
            } finally {
                RUNNING.decrementAndGet();
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the hash is short: finish it, then let the caller see the interrupt
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("Password hashing failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The most hashes that have run at once in this JVM (for tests of the cap). */
    static int peakConcurrency() {
        return PEAK.get();
    }

    private static byte[] compute(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
                                  String password, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memoryKib)
                .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
        byte[] input = utf8(Normalizer.normalize(password, Normalizer.Form.NFKC));
        try {
            byte[] out = new byte[length];
            generator.generateBytes(input, out);
            return out;
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    private static byte[] utf8(String text) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    /** A parsed PHC string; null fields never escape {@link #parse}. */
    private record Phc(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
                       byte[] hash) {

        /** Parses {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}; null when it is not such a string. */
        static Phc parse(String text) {
            if (text == null) {
                return null;
            }
            String[] parts = text.split("\\$", -1);
            if (parts.length != 6 && parts.length != 5 || !parts[0].isEmpty()) {
                return null;
            }
            int type = switch (parts[1]) {
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                default -> -1;
            };
            if (type < 0) {
                return null;
            }
            int at = 2;
            int version = Argon2Parameters.ARGON2_VERSION_10;
            if (parts.length == 6) {
                if (!parts[2].startsWith("v=")) {
                    return null;
                }
                version = number(parts[2].substring(2), 0xff);
                if (version != Argon2Parameters.ARGON2_VERSION_10 && version != Argon2Parameters.ARGON2_VERSION_13) {
                    return null;
                }
                at = 3;
            }
            int m = -1;
            int t = -1;
            int p = -1;
            for (String parameter : parts[at].split(",", -1)) {
                int eq = parameter.indexOf('=');
                if (eq < 0) {
                    return null;
                }
                String value = parameter.substring(eq + 1);
                switch (parameter.substring(0, eq)) {
                    case "m" -> m = number(value, MAX_MEMORY_KIB);
                    case "t" -> t = number(value, MAX_ITERATIONS);
                    case "p" -> p = number(value, MAX_PARALLELISM);
                    default -> {
                        return null;
                    }
                }
            }
            if (m < 8 * Math.max(p, 1) || t < 1 || p < 1) {
                return null;
            }
            try {
                byte[] salt = Base64.getDecoder().decode(parts[at + 1]);
                byte[] hash = Base64.getDecoder().decode(parts[at + 2]);
                if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 128) {
                    return null;
                }
                return new Phc(type, version, m, t, p, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** A decimal number from 0 to max, or -1. */
        private static int number(String text, int max) {
            if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            long value = Long.parseLong(text);
            return value > max ? -1 : (int) value;
        }

        @Override
        public String toString() {
            return "Phc[type=" + type + ", v=" + version + ", m=" + memoryKib + ", t=" + iterations + ", p="
                    + parallelism + "]";
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
