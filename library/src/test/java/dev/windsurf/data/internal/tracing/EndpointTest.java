package dev.windsurf.data.internal.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Engine;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void shouldNameThePostgresServerAndDatabaseWithoutCredentials() {
        assertThat(Endpoint.of(Engine.POSTGRESQL,
                "jdbc:postgresql://db.example.com:6543/orders?user=app&password=secret&sslmode=require"))
                .isEqualTo(new Endpoint("postgresql", "orders", "db.example.com", 6543));
        assertThat(Endpoint.of(Engine.POSTGRESQL, "jdbc:postgresql://h1:5432,h2:5433/orders"))
                .isEqualTo(new Endpoint("postgresql", "orders", "h1", 5432));
        assertThat(Endpoint.of(Engine.POSTGRESQL, "jdbc:postgresql://127.0.0.1/orders"))
                .isEqualTo(new Endpoint("postgresql", "orders", "127.0.0.1", 5432));
    }

    @Test
    void shouldNameTheSqliteFileButNoDirectoryAndNothingInMemory() {
        assertThat(Endpoint.of(Engine.SQLITE, "jdbc:sqlite:/srv/data/windsurf.db"))
                .isEqualTo(new Endpoint("sqlite", "windsurf.db", null, -1));
        assertThat(Endpoint.of(Engine.SQLITE, "jdbc:sqlite:file:app-1234?mode=memory&cache=shared"))
                .isEqualTo(new Endpoint("sqlite", null, null, -1));
        assertThat(Endpoint.of(Engine.SQLITE, "jdbc:sqlite::memory:")).isEqualTo(new Endpoint("sqlite", null, null, -1));
    }
}
