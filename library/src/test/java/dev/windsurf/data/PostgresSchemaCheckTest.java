package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.schema.SchemaMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostgresSchemaCheckTest extends SchemaCheckContract {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Test
    void shouldMigrateOnceWhenSeveralInstancesStartAtTheSameMoment() throws Exception {
        int instances = 4;
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        List<Future<Database>> started = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                int n = i;
                started.add(threads.submit(() -> {
                    together.await();
                    return Database.start(config().name("instance-" + n).poolSize(2)
                            .schemaPolicy(SchemaPolicy.MIGRATE).build());
                }));
            }
            for (Future<Database> f : started) {
                try (Database db = f.get()) {
                    assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
                }
            }
        } finally {
            threads.shutdown();
        }

        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, count(*) FROM flyway_schema_history "
                     + "WHERE success GROUP BY version ORDER BY version")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + "x" + rs.getInt(2));
            }
            assertThat(rows).containsExactly("1x1", "2x1", "3x1");
        }
    }
}
