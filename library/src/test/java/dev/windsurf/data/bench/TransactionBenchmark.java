package dev.windsurf.data.bench;

import dev.windsurf.data.Database;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
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
 * The price of the library's transaction wrapper (retry policy, read-only gate, failure classification) against a
 * plain jOOQ transaction on the same HikariCP pool: empty transactions, and transactions that run one tiny query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TransactionBenchmark {

    @Param({"sqlite", "postgresql"})
    public String engine;

    private BenchDatabases databases;
    private Database db;
    private DSLContext plain;

    @Setup(Level.Trial)
    public void open() {
        databases = BenchDatabases.open(engine);
        db = databases.db();
        plain = DSL.using(db.dataSource(), engine.equals("sqlite") ? SQLDialect.SQLITE : SQLDialect.POSTGRES);
    }

    @TearDown(Level.Trial)
    public void close() {
        databases.close();
    }

    @Benchmark
    public void emptyPlainJooqTransaction() {
        plain.transaction(cfg -> { });
    }

    @Benchmark
    public void emptyLibraryWriteTransaction() {
        db.writeVoid(tx -> { });
    }

    @Benchmark
    public int selectOneInPlainJooqTransaction() {
        return plain.transactionResult(cfg -> DSL.using(cfg).selectOne().fetchSingle().value1());
    }

    @Benchmark
    public int selectOneInLibraryWriteTransaction() {
        return db.write(tx -> tx.selectOne().fetchSingle().value1());
    }
}
