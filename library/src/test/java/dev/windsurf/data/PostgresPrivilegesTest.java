package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service user with fewer rights than the one that migrated the database: what it cannot read is reported as such,
 * with the database's reason, never taken for "no schema yet".
 */
class PostgresPrivilegesTest {

    private TestPostgres.ThrowawayDatabase database;
    private String role;

    @BeforeEach
    void migrateAsOwnerAndCreateARoleWithoutRights() throws SQLException {
        database = TestPostgres.create();
        try (Database owner = Database.start(DatabaseConfig.builder().url(database.url())
                .credentials(TestPostgres.USER, TestPostgres.PASSWORD).schemaPolicy(SchemaPolicy.MIGRATE).build())) {
            assertThat(owner.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        }
        role = "wsf_role_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection c = TestPostgres.admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'a-role-password'");
        }
    }

    @AfterEach
    void dropDatabaseAndRole() throws SQLException {
        database.close();
        try (Connection c = TestPostgres.admin(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    private DatabaseConfig.Builder asRole() {
        return DatabaseConfig.builder().url(database.url()).credentials(role, "a-role-password")
                .schemaPolicy(SchemaPolicy.NONE);
    }

    @Test
    void shouldReportAHistoryTableItCannotReadInsteadOfAnEmptyDatabase() throws SQLException {
        assertThatThrownBy(() -> Database.start(asRole().build()).close())
                .isInstanceOfSatisfying(DataException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("42501");
                    assertThat(e.getMessage()).contains("flyway_schema_history", "permission denied",
                            "needs SELECT");
                    assertThat(e.getMessage()).doesNotContain("a-role-password");
                });

        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute("GRANT SELECT ON flyway_schema_history TO " + role);
        }
        try (Database db = Database.start(asRole().build())) {
            assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
            assertThatThrownBy(() -> db.read(tx -> tx.fetchCount(dev.windsurf.data.schema.Tables.USERS)))
                    .isInstanceOfSatisfying(DataException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
        }
    }
}
