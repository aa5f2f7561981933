package dev.windsurf.data.bench;

import dev.windsurf.data.internal.password.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One Argon2id hash with OWASP's parameters (19 MiB, 2 iterations, parallelism 1), as {@code UserService.create} and
 * {@code changePassword} pay it, and one verification, as a login pays it. Single-threaded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PasswordHashBenchmark {

    private final PasswordHasher hasher = PasswordHasher.owasp();
    private final String stored = hasher.hash("correct horse battery staple");

    @Benchmark
    public String hash() {
        return hasher.hash("correct horse battery staple");
    }

    @Benchmark
    public PasswordHasher.Verification verify() {
        return hasher.verify("correct horse battery staple", stored);
    }
}
