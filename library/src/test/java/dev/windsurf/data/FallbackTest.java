package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.testsupport.TestSqlite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's "database type fallback": PostgreSQL unreachable at start → SQLite, reported. */
class FallbackTest {

    /** Nothing listens on port 1 of the loopback: connecting is refused at once. */
    private static final String UNREACHABLE = "postgresql://app:topsecret@127.0.0.1:1/windsurf";

    @Test
    void shouldStartOnTheFallbackWhenThePrimaryIsUnreachableAndSaySo() {
        List<String> fallbacks = new ArrayList<>();
        DatabaseConfig config = DatabaseConfig.builder().url(UNREACHABLE).startupAttempts(2)
                .fallbackUrl("jdbc:sqlite:" + TestSqlite.newDatabaseFile("fallback"))
                .schemaPolicy(SchemaPolicy.MIGRATE)
                .listener(new DatabaseListener() {
                    @Override
                    public void onFallbackActivated(String primary, String fallback, Throwable cause) {
                        fallbacks.add(primary + " -> " + fallback);
                    }
                })
                .build();

        try (Database db = Database.start(config)) {
            assertThat(db.fallbackActive()).isTrue();
            assertThat(db.engine()).isEqualTo(Engine.SQLITE);
            assertThat(db.health().fallbackActive()).isTrue();
            assertThat(db.health().up()).isTrue();
            assertThat((int) db.write(tx -> tx.fetchCount(dev.windsurf.data.schema.Tables.USERS))).isZero();
        }
        assertThat(fallbacks).hasSize(1);
        assertThat(fallbacks.getFirst()).contains("127.0.0.1:1").doesNotContain("topsecret");
    }

    @Test
    void shouldMigrateAnEmptySqliteFallbackWhenNoSchemaPolicyWasChosen() {
        // The policy is left at its default, VALIDATE for the PostgreSQL primary: the empty fallback file must still
        // be usable, so the default follows the engine actually used.
        DatabaseConfig config = DatabaseConfig.builder().url(UNREACHABLE).startupAttempts(1)
                .fallbackUrl("sqlite:///" + TestSqlite.newDatabaseFile("empty-fallback")).build();

        try (Database db = Database.start(config)) {
            assertThat(db.fallbackActive()).isTrue();
            assertThat(db.config().schemaPolicy()).isEqualTo(SchemaPolicy.MIGRATE);
            assertThat(db.schemaVersion()).isEqualTo(dev.windsurf.data.schema.SchemaMigrations.VERSION);
            assertThat(db.health().fallbackActive()).isTrue();
            String id = db.write(tx -> DatabaseContract.insertUser(tx, "on_fallback"));
            assertThat(id).isNotNull();
        }
    }

    @Test
    void shouldFailClearlyWhenThePrimaryIsUnreachableAndNoFallbackIsConfigured() {
        DatabaseConfig config = DatabaseConfig.builder().url(UNREACHABLE).startupAttempts(2).build();

        assertThatThrownBy(() -> Database.start(config))
                .isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.sqlState()).isEqualTo("08001");
                    assertThat(e.getMessage()).contains("127.0.0.1:1", "after 2 attempt(s)", "DATABASE_FALLBACK_URL")
                            .doesNotContain("topsecret").doesNotContain("..");
                });
    }

    @Test
    void shouldNotFallBackWhenThePrimaryRefusesTheLoginRatherThanBeingUnreachable() {
        TestPostgres.assumeAvailable();
        DatabaseConfig config = DatabaseConfig.builder()
                .url(TestPostgres.urlFor("wsf_no_such_database_here"))
                .credentials(TestPostgres.USER, TestPostgres.PASSWORD)
                .fallbackUrl("jdbc:sqlite:" + TestSqlite.newDatabaseFile("unused"))
                .build();

        assertThatThrownBy(() -> Database.start(config))
                .isInstanceOfSatisfying(DataException.class, e -> {
                    assertThat(e).isNotInstanceOf(UnavailableException.class);
                    assertThat(e.sqlState()).isEqualTo("3D000");
                    assertThat(e.getMessage()).contains("refused the connection");
                });
    }
}
