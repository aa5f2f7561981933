package dev.windsurf.data;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import org.jooq.DSLContext;

class SqliteMetricsTest extends MetricsContract {

    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }

    @Override
    protected void holdWriteLock(String url, CountDownLatch held, CountDownLatch release) throws Exception {
        try (Connection other = DriverManager.getConnection(url); Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            held.countDown();
            release.await();
            st.execute("COMMIT");
        }
    }

    @Override
    protected void waitBriefly(DSLContext tx) {
        // the database's busy time-out is zero: BEGIN IMMEDIATE fails at once while the lock is held
    }

    @Override
    protected String lockReason() {
        return "busy";
    }
}
