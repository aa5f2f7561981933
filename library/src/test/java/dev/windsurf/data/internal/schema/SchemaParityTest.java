package dev.windsurf.data.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.testsupport.TestSqlite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The migrations are the only description of the schema, for both engines: applying them to a fresh PostgreSQL
 * database and to a fresh SQLite file must give the same tables, columns, type families, nullability, keys, delete
 * rules, unique constraints, indexes and CHECK constraints.
 */
class SchemaParityTest {

    private static final String MIGRATIONS = "classpath:db/migration";

    @Test
    void shouldGiveTheSameSchemaOnPostgresqlAndSqlite() throws Exception {
        // Given the project's migrations applied to both engines
        SchemaSnapshot postgres = migrateAndReadPostgres(MIGRATIONS);
        SchemaSnapshot sqlite = migrateAndReadSqlite(MIGRATIONS);

        // When they are compared
        List<String> differences = SchemaDiff.compare(postgres, "postgresql", sqlite, "sqlite",
                SchemaDiff.Mode.ACROSS_ENGINES);

        // Then there is no difference, and the schema is the one the issue describes
        System.out.println(SchemaPrinter.describe(postgres));
        System.out.println("Differences between postgresql and sqlite: "
                + (differences.isEmpty() ? "none" : "\n  " + String.join("\n  ", differences)));
        assertThat(differences).isEmpty();
        assertThat(postgres.tables()).containsOnlyKeys("organizations", "users", "projects");
        assertThat(sqlite.tables().get("users").indexes()).containsKey("uq_users_email_lower");
        assertThat(sqlite.tables().get("projects").foreignKeys().get("fk_projects_owner").onDelete())
                .isEqualTo("RESTRICT");
        assertThat(postgres.tables().get("users").columns().get("created_at").family()).isEqualTo("timestamptz");
    }

    @Test
    void shouldReportEveryDifferenceOfADivergentMigrationSet() throws Exception {
        // Given a migration set that runs on both engines but means different things on each
        String divergent = "filesystem:" + Path.of("src/test/resources/fixtures/divergent").toAbsolutePath();
        SchemaSnapshot postgres = migrateAndReadPostgres(divergent);
        SchemaSnapshot sqlite = migrateAndReadSqlite(divergent);

        // When they are compared
        List<String> differences = SchemaDiff.compare(postgres, "postgresql", sqlite, "sqlite",
                SchemaDiff.Mode.ACROSS_ENGINES);

        // Then each divergence is named in a readable line
        System.out.println("Divergent fixture:\n  " + String.join("\n  ", differences));
        assertThat(differences).contains(
                "table gadgets: column id: NOT NULL on postgresql, nullable on sqlite",
                "table gadgets: primary key: gadgets_pkey (id) on postgresql, (unnamed primary key on id) (id) on sqlite",
                "table gadgets: unique constraint gadgets_label_key: only on postgresql, missing on sqlite",
                "table gadgets: unique constraint (unnamed unique on label): only on sqlite, missing on postgresql",
                "table gadgets: column enabled: default true on postgresql, default 'yes' on sqlite");
        assertThat(differences).noneMatch(line -> line.contains("column made"));
    }

    static SchemaSnapshot migrateAndReadPostgres(String location) throws Exception {
        try (TestPostgres.ThrowawayDatabase db = TestPostgres.create()) {
            Flyway.configure().dataSource(db.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                    .locations(location).failOnMissingLocations(true).load().migrate();
            try (Connection c = db.connect()) {
                return SchemaReader.read(c);
            }
        }
    }

    static SchemaSnapshot migrateAndReadSqlite(String location) throws Exception {
        String url = "jdbc:sqlite:" + TestSqlite.newDatabaseFile("parity");
        Flyway.configure().dataSource(url, null, null).locations(location).failOnMissingLocations(true).load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            return SchemaReader.read(c);
        }
    }
}
