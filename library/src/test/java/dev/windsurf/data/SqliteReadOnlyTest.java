package dev.windsurf.data;

import dev.windsurf.data.testsupport.TestSqlite;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** SQLite made full with {@code PRAGMA max_page_count} on the writer connection, then given room again. */
class SqliteReadOnlyTest extends ReadOnlyContract {

    @Override
    protected Database startDatabase(DatabaseConfig.Builder settings) {
        return Database.start(settings.url("jdbc:sqlite:" + TestSqlite.newDatabaseFile("readonly")).build());
    }

    @Override
    protected void breakWrites() throws Exception {
        limitPages(db, true);
    }

    @Override
    protected void healWrites() throws Exception {
        limitPages(db, false);
    }

    /** The pool has one writer connection: the page limit set on it applies to every write. */
    static void limitPages(Database db, boolean full) throws Exception {
        try (Connection writer = db.dataSource().getConnection(); Statement st = writer.createStatement()) {
            long limit = 1_073_741_823L;
            if (full) {
                try (ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                    rs.next();
                    limit = rs.getLong(1);
                }
            }
            st.execute("PRAGMA max_page_count = " + limit);
        }
    }
}
