package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;

import dev.windsurf.data.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import org.jooq.DSLContext;

class PostgresTracingTest extends TracingContract {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    protected String system() {
        return "postgresql";
    }

    @Override
    protected String uniqueViolation() {
        return "23505";
    }

    @Override
    protected String namespace(String url) {
        String path = url.substring(url.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
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
}
