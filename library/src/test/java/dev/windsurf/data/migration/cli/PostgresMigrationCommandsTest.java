package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresMigrationCommandsTest extends MigrationCommandsContract {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Test
    void shouldKeepAConsistentHistoryWhenTwoUpgradesRunAtOnce() throws Exception {
        List<CommandRun> runs = together(() -> db("upgrade", "head"), () -> db("upgrade", "head"));

        assertThat(runs).allSatisfy(r -> assertThat(r.exitCode()).as(r.both()).isZero());
        assertThat(runs.stream().mapToLong(r -> r.out().lines().filter(l -> l.startsWith("applying")).count())
                .sum()).as("each migration applied once").isEqualTo(3);
        assertThat(history()).containsExactly("1", "2", "3");
        assertThat(db("check", "--no-drift").exitCode()).isZero();
    }

    @Test
    void shouldNeverUndoOneVersionTwiceWhenTwoDowngradesRunAtOnce() throws Exception {
        migrate("latest");

        List<CommandRun> runs = together(() -> db("downgrade", "-1"), () -> db("downgrade", "-1"));

        // Either the second saw the first's result and undid the next version, or it stopped without changes
        List<String> history = history();
        long succeeded = runs.stream().filter(r -> r.exitCode() == 0).count();
        if (succeeded == 2) {
            assertThat(history).containsExactly("1");
        } else {
            assertThat(history).containsExactly("1", "2");
            assertThat(runs).anySatisfy(r -> assertThat(r.err()).contains("The history changed while downgrading"));
        }
        CommandRun check = db("check");
        assertThat(check.out()).as(check.both()).contains("drift      none");
    }

    @Override
    protected void assertNoReferenceSchemaLeft() throws Exception {
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'windsurf%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("temporary reference schemas left").isZero();
        }
    }

    @Test
    void shouldMarkGeneratedStatementsThatSqliteCannotRun(@TempDir Path tmp) throws Exception {
        // Given changes PostgreSQL can ALTER and SQLite cannot
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        migrate("latest", db);
        sql("ALTER TABLE users ADD CONSTRAINT ck_users_email_length CHECK (length(email) <= 200)",
                "ALTER TABLE projects ALTER COLUMN description SET NOT NULL");

        // When a revision is generated
        CommandRun revision = db("revision", "--autogenerate", "-m", "tighten users", "--dir",
                db.resolve("migration").toString());

        // Then both statements are written, and marked
        assertThat(revision.exitCode()).as(revision.both()).isZero();
        String forward = Files.readString(db.resolve("migration/V4__tighten_users.sql"));
        String undo = Files.readString(db.resolve("undo/U4__tighten_users.sql"));
        assertThat(forward).contains("-- NOT PORTABLE TO SQLITE: SQLite cannot add or drop a constraint of an "
                + "existing table: the table must be rebuilt\n"
                + "ALTER TABLE users ADD CONSTRAINT ck_users_email_length CHECK "
                + "(length(email) <= 200);", "-- NOT PORTABLE TO SQLITE: SQLite cannot alter a column",
                "ALTER TABLE projects ALTER COLUMN description SET NOT NULL;", "Needs attention:");
        assertThat(undo).contains("ALTER TABLE projects ALTER COLUMN description DROP NOT NULL;",
                "ALTER TABLE users DROP CONSTRAINT ck_users_email_length;");
        assertThat(forward.indexOf("SET NOT NULL")).as("forward order").isLessThan(forward.indexOf("ADD CONSTRAINT"));
        assertThat(undo.indexOf("DROP CONSTRAINT")).as("undo reverses it").isLessThan(undo.indexOf("DROP NOT NULL"));
    }

    @SafeVarargs
    private static List<CommandRun> together(java.util.concurrent.Callable<CommandRun>... commands)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(commands.length);
        ExecutorService threads = Executors.newFixedThreadPool(commands.length);
        try {
            List<Future<CommandRun>> futures = new ArrayList<>();
            for (java.util.concurrent.Callable<CommandRun> command : commands) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return command.call();
                }));
            }
            List<CommandRun> runs = new ArrayList<>();
            for (Future<CommandRun> f : futures) {
                runs.add(f.get());
            }
            return runs;
        } finally {
            threads.shutdown();
        }
    }
}
