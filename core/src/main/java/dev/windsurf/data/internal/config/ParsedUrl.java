package dev.windsurf.data.internal.config;

import dev.windsurf.data.Engine;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A database URL read by {@link DatabaseUrls#parse(String)}: the engine, a JDBC URL the driver accepts, and the
 * credentials taken out of the URL. Immutable and thread-safe.
 *
 * @param engine     the engine the URL points at
 * @param jdbcUrl    a URL for the engine's JDBC driver; for a {@code postgresql://} URL it carries no credentials
 * @param username   the user name, percent-decoded; {@code null} when the URL gives none
 * @param password   the password, percent-decoded; {@code null} when the URL gives none. Never shown by
 *                   {@link #toString()}
 * @param sqliteFile the SQLite database file, lexically normalised and not resolved (a relative path is relative to
 *                   the working directory); {@code null} for PostgreSQL and for an in-memory SQLite database
 * @param inMemory   whether the URL names an in-memory SQLite database; always {@code false} for PostgreSQL
 */
public record ParsedUrl(Engine engine, String jdbcUrl, String username, String password, Path sqliteFile,
                        boolean inMemory) {

    /**
     * Checks that the fields describe one coherent database.
     *
     * @throws NullPointerException     if {@code engine} or {@code jdbcUrl} is {@code null}
     * @throws IllegalArgumentException if a PostgreSQL URL has a SQLite file or is in memory, or a SQLite URL is in
     *                                  memory and has a file, or has neither
     */
    public ParsedUrl {
        Objects.requireNonNull(engine, "engine cannot be null");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl cannot be null");
        if (engine == Engine.POSTGRESQL && (sqliteFile != null || inMemory)) {
            throw new IllegalArgumentException("a PostgreSQL URL has no sqliteFile and is never inMemory, got sqliteFile="
                    + sqliteFile + ", inMemory=" + inMemory);
        }
        if (engine == Engine.SQLITE && inMemory == (sqliteFile != null)) {
            throw new IllegalArgumentException("a SQLite URL has either a sqliteFile or inMemory=true, got sqliteFile="
                    + sqliteFile + ", inMemory=" + inMemory);
        }
    }

    /** Describes the URL with its secrets replaced by {@code ****}; the user name stays visible. */
    @Override
    public String toString() {
        return "ParsedUrl[engine=" + engine
                + ", jdbcUrl=" + DatabaseUrls.mask(jdbcUrl)
                + ", username=" + username
                + ", password=" + (password == null ? "null" : DatabaseUrls.MASK)
                + ", sqliteFile=" + sqliteFile
                + ", inMemory=" + inMemory + "]";
    }
}
