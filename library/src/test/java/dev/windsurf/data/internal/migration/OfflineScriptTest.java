package dev.windsurf.data.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.Engine;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.testsupport.TestSqlite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The parts of the offline script that follow Flyway's rules or keep hostile text out of the SQL. */
class OfflineScriptTest {

    @Test
    void shouldComputeTheChecksumFlywayRecordsEvenForAwkwardFiles() throws Exception {
        // Given files with a BOM, CRLF line ends, trailing blanks and no final newline
        Path dir = Files.createTempDirectory(TestSqlite.tempDirectory(), "checksum");
        Map<String, String> files = Map.of(
                "V1__bom_and_crlf.sql", "\uFEFFCREATE TABLE a (x TEXT);\r\n-- note \r\n\r\n",
                "V2__no_final_newline.sql", "CREATE TABLE b (y TEXT);\n  \nINSERT INTO b VALUES ('é ü');",
                "V3__cr_only.sql", "CREATE TABLE c (z TEXT);\rCREATE TABLE d (w TEXT);\r");
        for (var e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        String url = "jdbc:sqlite:" + TestSqlite.newDatabaseFile("checksum");

        // When Flyway applies them
        Flyway.configure().dataSource(url, null, null).locations("filesystem:" + dir).load().migrate();

        // Then each recorded checksum is the one the offline script writes
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT script, checksum, description FROM flyway_schema_history")) {
            int n = 0;
            while (rs.next()) {
                String text = Files.readString(dir.resolve(rs.getString(1)), StandardCharsets.UTF_8);
                assertThat(OfflineScript.checksum(text)).as(rs.getString(1)).isEqualTo(rs.getInt(2));
                assertThat(OfflineScript.description(rs.getString(1))).isEqualTo(rs.getString(3));
                n++;
            }
            assertThat(n).isEqualTo(3);
        }
    }

    @Test
    void shouldKeepAHostileScriptNameInsideLiteralsAndOneLineComments() {
        // Given a script whose name and description hold a line break, a quote and a statement
        String script = "V2__x\nDROP TABLE users; -- it's.sql";
        OfflineScript.Step step = new OfflineScript.Step("2", "x\nDROP TABLE users; -- it's", script, null, 42, 2,
                SqlScript.split("CREATE TABLE t (a TEXT) -- trailing comment"), null);
        OfflineScript.Part part = new OfflineScript.Part("extras", "extras_schema_history", "we\"ird", false, true,
                "1", "2", "o'brien", List.of(step));

        for (Engine engine : Engine.values()) {
            // When the script is rendered
            String sql = OfflineScript.render(engine, List.of("header with\na line break"), List.of(part));

            // Then the statements are exactly the intended ones: no DROP TABLE escaped its literal or comment
            List<String> statements = SqlScript.split(sql).stream()
                    .map(s -> SqlScript.withoutComments(s.sql())).toList();
            assertThat(statements).as(engine + ":\n" + sql).hasSize(engine == Engine.SQLITE ? 5 : 4);
            assertThat(statements).noneMatch(s -> s.startsWith("DROP"));
            assertThat(statements).anyMatch(s -> s.startsWith("INSERT INTO \"we\"\"ird\".\"extras_schema_history\"")
                    && s.contains("'x\nDROP TABLE users; -- it''s'") && s.contains("'o''brien'"));
            assertThat(statements).contains("CREATE TABLE t (a TEXT)");
            assertThat(sql).contains("-- header with\\na line break", "version 2: V2__x\\nDROP TABLE users;",
                    "-- trailing comment\n;");
        }
    }

    @Test
    void shouldRefuseAPlaceholderFlywayHasNoValueFor() {
        assertThatThrownBy(() -> OfflineScript.expand("SELECT '${nobody}'", Map.of(), "V9__x.sql",
                Engine.SQLITE, true))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason())
                        .isEqualTo(MigrationException.Reason.REFUSED))
                .hasMessageContaining("V9__x.sql: no value provided for placeholder ${nobody}");
        var sqlite = OfflineScript.placeholders(Engine.SQLITE, OfflineScript.Standing.assumed(Engine.SQLITE, true),
                "t", "V1__a.sql", Instant.now());
        // Flyway 13 fails on SQLite with "Failed to populate value for default placeholder: ${flyway:database}"
        assertThatThrownBy(() -> OfflineScript.expand("SELECT '${flyway:database}'", sqlite, "V1__a.sql",
                Engine.SQLITE, true)).hasMessageContaining("which Flyway cannot fill on SQLite");
        var values = OfflineScript.placeholders(Engine.SQLITE, OfflineScript.Standing.assumed(Engine.SQLITE, true),
                "t", "V1__a.sql", Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(OfflineScript.expand("${FLYWAY:TABLE} ${flyway:filename} ${flyway:defaultSchema}", values,
                "V1__a.sql", Engine.SQLITE, false)).isEqualTo("t V1__a.sql main");
    }
}
