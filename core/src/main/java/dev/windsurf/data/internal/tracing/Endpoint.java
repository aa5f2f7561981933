package dev.windsurf.data.internal.tracing;

import dev.windsurf.data.Engine;
import java.nio.file.Path;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where statements go, in the terms of the database semantic conventions: {@code db.system.name},
 * {@code db.namespace}, {@code server.address}, {@code server.port}. Immutable.
 *
 * @param system    {@code postgresql} or {@code sqlite}
 * @param namespace the database name (PostgreSQL) or the file's name (SQLite), or null (in-memory SQLite)
 * @param address   the server's host (the first of a multi-host URL), or null (SQLite)
 * @param port      the server's port, or -1 (SQLite)
 */
public record Endpoint(String system, String namespace, String address, int port) {

    /** The endpoint of a JDBC URL of the given engine; user names and passwords are never read. */
    public static Endpoint of(Engine engine, String jdbcUrl) {
        if (engine == Engine.SQLITE) {
            String file = jdbcUrl.substring("jdbc:sqlite:".length());
            int query = file.indexOf('?');
            file = query < 0 ? file : file.substring(0, query);
            if (file.startsWith("file:")) {
                file = file.substring("file:".length());
            }
            boolean memory = file.isEmpty() || file.contains(":memory:") || jdbcUrl.contains("mode=memory");
            Path name = null;
            if (!memory) {
                try {
                    name = Path.of(file).getFileName();
                } catch (java.nio.file.InvalidPathException e) {
                    name = null; // a name the file system would not take: leave the namespace out
                }
            }
            return new Endpoint("sqlite", name == null ? null : name.toString(), null, -1);
        }
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            return new Endpoint("postgresql", null, null, -1);
        }
        String host = first(parsed.getProperty("PGHOST"));
        String port = first(parsed.getProperty("PGPORT"));
        int number = -1;
        try {
            number = port == null ? -1 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        return new Endpoint("postgresql", parsed.getProperty("PGDBNAME"), host, number);
    }

    private static String first(String list) {
        if (list == null) {
            return null;
        }
        int comma = list.indexOf(',');
        return comma < 0 ? list : list.substring(0, comma);
    }
}
