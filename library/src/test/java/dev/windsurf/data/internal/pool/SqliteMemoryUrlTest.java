package dev.windsurf.data.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.SchemaPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * In-memory SQLite URLs: {@code sqlite::memory:} gives every Database a database of its own, while a named
 * shared-cache URI is used as given, so that a connection opened beforehand (e.g. one that restored a template into
 * it) and the Database's pool see the same contents.
 */
class SqliteMemoryUrlTest {

    @Test
    void shouldGiveEachDatabaseItsOwnInMemoryDatabaseForUnnamedUrls() {
        // Given two databases started on the same unnamed in-memory URL
        try (Database first = start("sqlite::memory:"); Database second = start("sqlite::memory:")) {
            // When one of them creates a table
            first.writeVoid(tx -> tx.execute("CREATE TABLE marker (id INTEGER)"));

            // Then the other does not see it
            assertThat(tableExists(first, "marker")).isTrue();
            assertThat(tableExists(second, "marker")).isFalse();
        }
    }

    @Test
    void shouldUseANamedSharedCacheUriAsGivenSoThatItsContentsAreShared() throws Exception {
        // Given a named shared-cache database that a plain connection has filled and holds open
        String url = "jdbc:sqlite:file:named-" + UUID.randomUUID() + "?mode=memory&cache=shared";
        try (Connection holder = DriverManager.getConnection(url);
             Statement st = holder.createStatement()) {
            st.executeUpdate("CREATE TABLE marker (id INTEGER)");
            st.executeUpdate("INSERT INTO marker VALUES (42)");

            // When a Database starts on that URL
            try (Database db = start(url)) {
                // Then it sees the same contents, and writes it makes are seen by the holder
                Integer id = db.read(tx -> tx.fetchSingle("SELECT id FROM marker").get(0, Integer.class));
                assertThat(id).isEqualTo(42);
                db.writeVoid(tx -> tx.execute("INSERT INTO marker VALUES (43)"));
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM marker")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void shouldRecogniseOnlyNamedSharedCacheMemoryUris() {
        assertThat(ConnectionPools.isNamedSharedMemory("jdbc:sqlite:file:t1?mode=memory&cache=shared")).isTrue();
        assertThat(ConnectionPools.isNamedSharedMemory("jdbc:sqlite:file:t1?cache=shared&mode=memory")).isTrue();
        assertThat(ConnectionPools.isNamedSharedMemory("jdbc:sqlite::memory:")).isFalse();
        assertThat(ConnectionPools.isNamedSharedMemory("jdbc:sqlite:file::memory:?cache=shared")).isFalse();
        assertThat(ConnectionPools.isNamedSharedMemory("jdbc:sqlite:file:t1?mode=memory")).isFalse();
        assertThat(ConnectionPools.isNamedSharedMemory("jdbc:sqlite:file:?mode=memory&cache=shared")).isFalse();
        assertThat(ConnectionPools.isNamedSharedMemory("jdbc:sqlite:data/app.db")).isFalse();
    }

    private static Database start(String url) {
        return Database.start(DatabaseConfig.builder().url(url).schemaPolicy(SchemaPolicy.NONE).build());
    }

    private static boolean tableExists(Database db, String table) {
        return db.read(tx -> tx.fetchExists(tx.selectOne().from("sqlite_master")
                .where("type = 'table' AND name = ?", table)));
    }
}
