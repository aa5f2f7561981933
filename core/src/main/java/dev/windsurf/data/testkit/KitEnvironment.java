package dev.windsurf.data.testkit;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.config.ParsedUrl;
import java.util.Map;
import java.util.Objects;

/**
 * Where the test kit finds PostgreSQL, read once from the environment. Immutable and thread-safe.
 *
 * @param postgresUrl      the server's administrative database, as given ({@code TEST_POSTGRES_URL}, default
 *                         {@value #DEFAULT_POSTGRES_URL})
 * @param postgresExplicit whether {@code TEST_POSTGRES_URL} was set: then tests that name no engine run on PostgreSQL
 * @param user             {@code TEST_POSTGRES_USER}, else the URL's user, else {@code postgres}
 * @param password         {@code TEST_POSTGRES_PASSWORD}, else the URL's password, else none
 * @param requirePostgres  {@code WINDSURF_REQUIRE_POSTGRES=true}: an unreachable server fails tests instead of
 *                         skipping them
 */
record KitEnvironment(String postgresUrl, boolean postgresExplicit, String user, String password,
                      boolean requirePostgres) {

    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private static final KitEnvironment PROCESS = of(System.getenv());

    KitEnvironment {
        Objects.requireNonNull(postgresUrl, "postgresUrl cannot be null");
        Objects.requireNonNull(user, "user cannot be null");
    }

    /** The process environment's settings. */
    static KitEnvironment process() {
        return PROCESS;
    }

    /**
     * Reads the settings from environment variables.
     *
     * @throws IllegalArgumentException when {@code TEST_POSTGRES_URL} is not a PostgreSQL URL
     */
    static KitEnvironment of(Map<String, String> env) {
        String url = value(env, "TEST_POSTGRES_URL");
        String postgresUrl = url != null ? url : DEFAULT_POSTGRES_URL;
        ParsedUrl parsed = DatabaseUrls.parse(postgresUrl);
        if (parsed.engine() != Engine.POSTGRESQL) {
            throw new IllegalArgumentException("TEST_POSTGRES_URL must name a PostgreSQL server, was "
                    + DatabaseUrls.mask(postgresUrl));
        }
        String user = value(env, "TEST_POSTGRES_USER");
        String password = value(env, "TEST_POSTGRES_PASSWORD");
        if (user == null && password == null) {
            user = parsed.username();
            password = parsed.password();
        }
        return new KitEnvironment(postgresUrl, url != null, user != null ? user : "postgres", password,
                Boolean.parseBoolean(value(env, "WINDSURF_REQUIRE_POSTGRES")));
    }

    /** The engine of tests that name none: PostgreSQL when {@code TEST_POSTGRES_URL} is set, else SQLite. */
    Engine defaultEngine() {
        return postgresExplicit ? Engine.POSTGRESQL : Engine.SQLITE;
    }

    /** The server's identity, for keeping one template per server. */
    String serverKey() {
        return DatabaseUrls.parse(postgresUrl).jdbcUrl() + "|" + user;
    }

    private static String value(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    @Override
    public String toString() {
        return "KitEnvironment[postgresUrl=" + DatabaseUrls.mask(postgresUrl) + ", postgresExplicit=" + postgresExplicit
                + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", requirePostgres=" + requirePostgres + "]";
    }
}
