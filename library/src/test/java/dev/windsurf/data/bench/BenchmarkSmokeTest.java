package dev.windsurf.data.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.TestPostgres;
import java.util.Collection;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once, in process, for one short iteration, so that they keep compiling and running. The
 * figures of this run mean nothing; full runs use the {@code bench} profile (see docs/benchmarks.md).
 */
class BenchmarkSmokeTest {

    @Test
    void shouldRunEveryBenchmarkOnceOnEveryEngine() throws Exception {
        TestPostgres.assumeAvailable();
        // A smoke run measures nothing: it may share the machine with another JMH run (its lock would refuse it)
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include("dev\\.windsurf\\.data\\.bench\\..*Benchmark.*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
        assertThat(results.stream().map(r -> r.getParams().getParam("engine")).filter(Objects::nonNull).distinct())
                .containsExactlyInAnyOrder("sqlite", "postgresql");
    }
}
