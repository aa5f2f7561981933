package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.windsurf.data.Engine;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresOfflineSqlTest extends OfflineSqlContract {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    protected List<String> catalog(String url) throws Exception {
        List<String> out = new ArrayList<>();
        out.addAll(rows(url, "SELECT c.relname, c.relkind::text, c.relpersistence::text FROM pg_class c "
                + "WHERE c.relnamespace = current_schema()::regnamespace ORDER BY 1"));
        out.addAll(rows(url, "SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length, "
                + "is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() "
                + "ORDER BY 1, 3"));
        out.addAll(rows(url, "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2"));
        out.addAll(rows(url, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                + "ORDER BY 1"));
        return out;
    }

    /** The catalog of the schema and every row of every history table, all columns (time and duration too). */
    @Override
    protected String fingerprint(String url) throws Exception {
        List<String> out = new ArrayList<>(catalog(url));
        out.addAll(rows(url, "SELECT count(*) FROM pg_namespace"));
        for (String table : List.of("flyway_schema_history", "extras_schema_history")) {
            if (!rows(url, "SELECT to_regclass('" + table + "') IS NOT NULL").getFirst().equals("t")) {
                out.add(table + " absent");
                continue;
            }
            out.addAll(rows(url, "SELECT * FROM " + table + " ORDER BY installed_rank"));
        }
        return String.join("\n", out);
    }

    @Test
    void shouldRunAConcurrentIndexOutsideATransactionAndRefuseToDryRunIt() throws Exception {
        // Given a database at extras 1 and an extras V2 that builds an index concurrently
        String url = engine.newUrl();
        assertThat(db(url, "upgrade", "head", "--schema", "windsurf").exitCode()).isZero();
        assertThat(db(url, "upgrade", "1", "--schema", "extras").exitCode()).isZero();
        Files.writeString(files.resolve("extras/migration/V2__add_extras_note.sql"),
                "CREATE INDEX CONCURRENTLY ix_extras_origin ON extras (origin);\n");
        Files.writeString(files.resolve("extras/undo/U2__add_extras_note.sql"),
                "DROP INDEX CONCURRENTLY ix_extras_origin;\n");
        String before = fingerprint(url);

        // When it is written out
        CommandRun sql = db(url, "upgrade", "--sql", "--schema", "extras");

        // Then it has no BEGIN/COMMIT around it, says why, and runs by hand like the real upgrade
        assertThat(sql.exitCode()).as(sql.both()).isZero();
        String step = sql.out().substring(sql.out().indexOf("-- migration set extras: version 2"));
        assertThat(step).contains("-- runs outside a transaction, as Flyway runs it: CREATE INDEX CONCURRENTLY")
                .doesNotContain("BEGIN;", "COMMIT;");
        String real = engine.newUrl();
        assertThat(db(real, "upgrade", "head", "--schema", "windsurf").exitCode()).isZero();
        assertThat(db(real, "upgrade", "1", "--schema", "extras").exitCode()).isZero();
        runScript(url, sql.out());
        // The real upgrade runs it too, without waiting forever on its own open transaction (Flyway's transactional
        // lock, on by default on PostgreSQL, kept one open that CREATE INDEX CONCURRENTLY waits for).
        CommandRun upgraded = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> db(real, "upgrade", "head", "--schema", "extras"));
        assertThat(upgraded.exitCode()).as(upgraded.both()).isZero();
        assertThat(catalog(url)).isEqualTo(catalog(real));
        assertThat(history(url, "extras_schema_history")).isEqualTo(history(real, "extras_schema_history"));

        // And a dry run refuses it clearly, changing nothing
        String atOne = engine.newUrl();
        assertThat(db(atOne, "upgrade", "head", "--schema", "windsurf").exitCode()).isZero();
        assertThat(db(atOne, "upgrade", "1", "--schema", "extras").exitCode()).isZero();
        String beforeDry = fingerprint(atOne);
        CommandRun dry = db(atOne, "upgrade", "--dry-run", "--schema", "extras");
        assertThat(dry.exitCode()).as(dry.both()).isEqualTo(DbCommand.USAGE);
        assertThat(dry.err().lines().toList()).singleElement().asString()
                .startsWith("FAILED: Cannot dry-run this upgrade: V2__add_extras_note.sql: CREATE INDEX CONCURRENTLY")
                .contains("cannot run inside a transaction", "--sql");
        assertThat(fingerprint(atOne)).isEqualTo(beforeDry);
        assertThat(before).isNotEqualTo(fingerprint(url));
    }

    @Test
    void shouldRefuseAMigrationThatMixesConcurrentAndTransactionalStatements() throws Exception {
        String url = engine.newUrl();
        assertThat(db(url, "upgrade", "head", "--schema", "windsurf").exitCode()).isZero();
        Files.writeString(files.resolve("extras/migration/V2__add_extras_note.sql"),
                "ALTER TABLE extras ADD COLUMN note TEXT;\nCREATE INDEX CONCURRENTLY ix_extras_note ON extras (note);\n");
        String before = fingerprint(url);

        CommandRun sql = db(url, "upgrade", "--sql", "--schema", "extras");

        assertThat(sql.exitCode()).as(sql.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(sql.err()).startsWith("FAILED: V2__add_extras_note.sql mixes statements that cannot run in a "
                + "transaction");
        assertThat(fingerprint(url)).isEqualTo(before);
    }

    @Test
    void shouldRefuseAPlaceholderOnlyTheDatabaseKnowsWithoutADatabase() {
        CommandRun sql = db("jdbc:postgresql://127.0.0.1:1/none", "upgrade", "--sql", "--from", "base");

        assertThat(sql.exitCode()).as(sql.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(sql.err()).startsWith("FAILED: V1__create_extras.sql uses ${flyway:defaultSchema}, which only the "
                + "database can tell");
        assertThat(sql.out()).isEmpty();
    }
}
