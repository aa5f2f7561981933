package dev.windsurf.data.bench;

import dev.windsurf.data.Engine;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.testkit.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * What one more migration set on the class path adds to each test kit database: {@code openAndClose} with WindSurf's
 * set alone ({@code extraSets = 0}) and with a small set stacked on it ({@code extraSets = 1}, one table with a
 * foreign key to users, found through its descriptor like a service's own set). Each value runs in its own fork, so
 * each builds its own template (full runs use {@code -f 1}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StackedSetsBenchmark {

    @Param({"sqlite", "postgresql"})
    public String engine;

    @Param({"0", "1"})
    public int extraSets;

    private Engine kind;
    private ClassLoader previous;
    private URLClassLoader withExtraSet;

    @Setup(Level.Trial)
    public void putTheSetsOnTheClassPath() throws IOException {
        kind = engine.equals("sqlite") ? Engine.SQLITE : Engine.POSTGRESQL;
        previous = Thread.currentThread().getContextClassLoader();
        if (extraSets == 1) {
            Path root = Files.createTempDirectory("stacked-sets-bench");
            Path descriptor = root.resolve(MigrationSet.DESCRIPTOR);
            Files.createDirectories(descriptor.getParent());
            Files.writeString(descriptor, "name=benchextra\ndependsOn=windsurf\ncodeVersion=1\n");
            Path migration = Files.createDirectories(root.resolve("db/benchextra/migration"));
            Files.writeString(migration.resolve("V1__create_bench_extras.sql"), """
                    CREATE TABLE bench_extras (
                        id      TEXT NOT NULL,
                        user_id TEXT NOT NULL,
                        CONSTRAINT pk_bench_extras PRIMARY KEY (id),
                        CONSTRAINT fk_bench_extras_user FOREIGN KEY (user_id) REFERENCES users (id)
                    );
                    """);
            withExtraSet = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous);
            Thread.currentThread().setContextClassLoader(withExtraSet);
        }
        TestDatabases.open(kind).close();
    }

    @TearDown(Level.Trial)
    public void restoreTheClassPath() {
        Thread.currentThread().setContextClassLoader(previous);
        if (withExtraSet != null) {
            try {
                withExtraSet.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The whole per-test cost: open (copy of the template, Database started, every set's version read), close. */
    @Benchmark
    public void openAndClose() {
        TestDatabases.open(kind).close();
    }
}
