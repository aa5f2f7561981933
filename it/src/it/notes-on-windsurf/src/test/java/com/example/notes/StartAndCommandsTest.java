package com.example.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.notes.schema.tables.daos.NotesDao;
import com.example.notes.schema.tables.pojos.Notes;
import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Health;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.migration.cli.DbCommand;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Starts the service as it would start in production (Database.start from the environment's settings) on SQLite and
 * PostgreSQL, then uses the db commands across both sets.
 */
class StartAndCommandsTest {

    private static final String SERVER = System.getenv().getOrDefault("TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final String PG_DB = "notes_it_" + Long.toHexString(System.nanoTime());
    private static Path dir;

    @BeforeAll
    static void createDatabases() throws Exception {
        dir = Files.createTempDirectory("notes-it");
        admin("CREATE DATABASE " + PG_DB);
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        admin("DROP DATABASE IF EXISTS " + PG_DB + " WITH (FORCE)");
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String postgresUrl() {
        return SERVER.replace("/postgres?", "/" + PG_DB + "?");
    }

    @Test
    void shouldCreateBothSetsOnSqliteAndOnPostgres() {
        for (String url : List.of("sqlite:///" + dir.resolve("start.db"), postgresUrl())) {
            try (Database db = Database.start(DatabaseConfig.fromEnvironment().url(url)
                    .schemaPolicy(SchemaPolicy.MIGRATE).build())) {
                Map<String, Health.SetVersion> sets = new java.util.LinkedHashMap<>();
                db.health().migrationSets().forEach(s -> sets.put(s.set(), s));
                assertEquals(List.of("windsurf", "notes"), List.copyOf(sets.keySet()), url);
                assertEquals("3", sets.get("windsurf").version(), url);
                assertEquals("1", sets.get("notes").version(), url);
                assertTrue(sets.values().stream().allMatch(Health.SetVersion::current), url);

                String owner = new UserService(db).create(new UserCreate("owner_" + db.engine().name().toLowerCase(),
                        "o@example.com", "correct horse battery")).id();
                String id = UUID.randomUUID().toString();
                new NotesDao(db.dsl().configuration()).insert(new Notes(id, owner, "hello"));
                assertEquals("hello", new NotesDao(db.dsl().configuration()).findById(id).getBody());
            }
        }
    }

    @Test
    void shouldListBothSetsAndRefuseToDowngradeWindsurfUnderNotes() {
        for (String db : List.of("sqlite:///" + dir.resolve("commands.db"), postgresUrl())) {
            Function<String[], Run> cli = args -> run(db, args);
            if (db.startsWith("jdbc:postgresql")) {
                // the other test may have migrated the PostgreSQL database: start from base, dependents first
                Run reset = cli.apply(new String[] {"downgrade", "base"});
                assertEquals(0, reset.code, reset.all());
            } else {
                // commands that only read or undo never create the file
                Run missing = cli.apply(new String[] {"history"});
                assertEquals(DbCommand.USAGE, missing.code, missing.all());
                assertTrue(missing.err.contains("There is no database at"), missing.all());
            }
            Run up = cli.apply(new String[] {"upgrade", "head"});
            assertEquals(0, up.code, up.all());
            assertTrue(up.out.contains("windsurf: Now at version 3") || up.out.contains("windsurf: Already at version 3"),
                    up.all());
            assertTrue(up.out.contains("notes: Now at version 1") || up.out.contains("notes: Already at version 1"),
                    up.all());

            Run history = cli.apply(new String[] {"history"});
            assertEquals(0, history.code, history.all());
            assertTrue(history.out.contains("migration set windsurf (history table flyway_schema_history)"),
                    history.all());
            assertTrue(history.out.contains("migration set notes (history table notes_schema_history)"),
                    history.all());
            assertTrue(history.out.contains("create notes") && history.out.contains("create projects"),
                    history.all());

            Run refused = cli.apply(new String[] {"downgrade", "base", "--schema", "windsurf"});
            assertNotEquals(0, refused.code, refused.all());
            assertTrue(refused.err.contains("notes (at version 1) depend on it"), refused.all());

            Run notesDown = cli.apply(new String[] {"downgrade", "base", "--schema", "notes"});
            assertEquals(0, notesDown.code, notesDown.all());
            Run windsurfDown = cli.apply(new String[] {"downgrade", "base", "--schema", "windsurf"});
            assertEquals(0, windsurfDown.code, windsurfDown.all());
            Run current = cli.apply(new String[] {"current"});
            assertTrue(current.out.contains("windsurf: base") && current.out.contains("notes: base"), current.all());
        }
    }

    private record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }

    private static Run run(String url, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DbCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = url;
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }
}
