package dev.windsurf.data.bench;

import static dev.windsurf.data.schema.Tables.USERS;

import dev.windsurf.data.Database;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserUpdate;
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
 * What a write costs its caller while the database is READ_ONLY (entered by an operator here, so that no probe
 * ends it): the refusal happens before any connection is taken, so there is no database round trip. Measured
 * through the Database's write transaction and through a service call (which validates its input first).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadOnlyBenchmark {

    @Param({"sqlite", "postgresql"})
    public String engine;

    private BenchDatabases databases;
    private Database db;
    private UserService users;
    private String id;

    @Setup(Level.Trial)
    public void open() {
        databases = BenchDatabases.open(engine);
        db = databases.db();
        users = new UserService(db);
        id = users.create(new UserCreate("reader", "reader@example.com", "correct horse battery staple")).id();
        db.readOnly().enter("benchmark");
    }

    @TearDown(Level.Trial)
    public void close() {
        databases.close();
    }

    @Benchmark
    public Object refusedWrite_transaction() {
        try {
            return db.write(tx -> tx.update(USERS).set(USERS.IS_ADMIN, true).where(USERS.ID.eq(id)).execute());
        } catch (ReadOnlyModeException refused) {
            return refused;
        }
    }

    @Benchmark
    public Object refusedWrite_service() {
        try {
            return users.update(id, UserUpdate.email("reader@example.org"));
        } catch (ReadOnlyModeException refused) {
            return refused;
        }
    }
}
