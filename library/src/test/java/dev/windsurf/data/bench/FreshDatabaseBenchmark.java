package dev.windsurf.data.bench;

import dev.windsurf.data.Engine;
import dev.windsurf.data.testkit.TestDatabase;
import dev.windsurf.data.testkit.TestDatabases;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the test kit costs each test: handing it a fresh, fully migrated database with a started Database
 * ({@code open}), and that plus closing and removing it again ({@code openAndClose}). The template is migrated once,
 * in the trial's set-up, as in a test run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FreshDatabaseBenchmark {

    @Param({"sqlite", "postgresql"})
    public String engine;

    private Engine kind;
    private TestDatabase opened;

    @Setup(Level.Trial)
    public void migrateTheTemplate() {
        kind = engine.equals("sqlite") ? Engine.SQLITE : Engine.POSTGRESQL;
        TestDatabases.open(kind).close();
    }

    @TearDown(Level.Invocation)
    public void closeWhatOpenOpened() {
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }

    /** Time to hand a test its database; closing it is left out (it happens in the invocation's tear-down). */
    @Benchmark
    public TestDatabase open() {
        opened = TestDatabases.open(kind);
        return opened;
    }

    /** The whole per-test cost: open, then close and remove. */
    @Benchmark
    public void openAndClose() {
        TestDatabases.open(kind).close();
    }
}
