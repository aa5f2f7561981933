package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Plain SQL on a Flyway history table (the table's name is a checked lower-case SQL name), for what open-source Flyway does not do itself: removing the record of a
 * version that was undone or un-stamped. Every change runs in a transaction that keeps other writers of the history
 * out until it ends: {@code LOCK TABLE … IN SHARE ROW EXCLUSIVE MODE} on PostgreSQL, {@code BEGIN IMMEDIATE} on
 * SQLite. Stateless.
 */
final class HistoryTable {

    private HistoryTable() {
    }

    /** Whether the history table exists in the connection's current schema. */
    static boolean exists(Connection c, Engine engine, String table) throws SQLException {
        if (engine == Engine.POSTGRESQL) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select to_regclass('" + table + "') is not null")) {
                return rs.next() && rs.getBoolean(1);
            }
        }
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    /** Starts a transaction that holds the history against other writers. */
    static void begin(Connection c, Engine engine, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (engine == Engine.POSTGRESQL) {
                c.setAutoCommit(false);
                st.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
            } else {
                c.setAutoCommit(true);
                st.execute("BEGIN IMMEDIATE");
            }
        }
    }

    static void commit(Connection c, Engine engine) throws SQLException {
        if (engine == Engine.POSTGRESQL) {
            c.commit();
        } else {
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
        }
    }

    static void rollbackQuietly(Connection c, Engine engine) {
        try {
            if (engine == Engine.POSTGRESQL) {
                c.rollback();
            } else {
                try (Statement st = c.createStatement()) {
                    st.execute("ROLLBACK");
                }
            }
        } catch (SQLException ignored) {
            // nothing was committed; closing the connection ends the transaction either way
        }
    }

    /** The versions recorded as applied successfully (and not marked deleted by a repair), newest first. */
    static List<String> appliedVersions(Connection c, String table) throws SQLException {
        List<String> versions = new ArrayList<>();
        java.util.Set<String> deleted = new java.util.HashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select version, success, type from " + table
                     + " where version is not null")) {
            while (rs.next()) {
                if ("DELETE".equals(rs.getString(3))) {
                    deleted.add(rs.getString(1));
                } else if (rs.getBoolean(2)) {
                    versions.add(rs.getString(1));
                }
            }
        }
        versions.removeAll(deleted);
        versions.sort(Comparator.comparing(MigrationVersion::fromVersion, Comparator.reverseOrder()));
        return versions;
    }

    /** Removes every record of a version; returns how many rows went. */
    static int delete(Connection c, String table, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where version = ?")) {
            ps.setString(1, version);
            return ps.executeUpdate();
        }
    }
}
