package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;

import dev.windsurf.data.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import org.jooq.DSLContext;

class PostgresMetricsTest extends MetricsContract {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    protected void holdWriteLock(String url, CountDownLatch held, CountDownLatch release) throws Exception {
        try (Connection other = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("LOCK TABLE " + USERS.getName() + " IN ACCESS EXCLUSIVE MODE");
            held.countDown();
            release.await();
            other.commit();
        }
    }

    @Override
    protected void waitBriefly(DSLContext tx) {
        tx.execute("SET LOCAL lock_timeout = '50ms'");
    }

    @Override
    protected String lockReason() {
        return "lock_timeout";
    }
}
