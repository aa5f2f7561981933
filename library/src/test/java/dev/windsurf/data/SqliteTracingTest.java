package dev.windsurf.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import org.jooq.DSLContext;

class SqliteTracingTest extends TracingContract {

    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }

    @Override
    protected String system() {
        return "sqlite";
    }

    @Override
    protected String uniqueViolation() {
        return "SQLITE:2067";
    }

    @Override
    protected String namespace(String url) {
        return Path.of(url.substring("jdbc:sqlite:".length())).getFileName().toString();
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
        // the busy time-out is zero: BEGIN IMMEDIATE fails at once while the lock is held
    }
}
