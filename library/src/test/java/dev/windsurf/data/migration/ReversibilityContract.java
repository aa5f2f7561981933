package dev.windsurf.data.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.internal.schema.SchemaDiff;
import dev.windsurf.data.internal.schema.SchemaReader;
import dev.windsurf.data.internal.schema.SchemaSnapshot;
import dev.windsurf.data.testsupport.EngineUnderTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every migration can be undone exactly: for each version n, upgrading to n+1 and downgrading back to n gives the
 * schema n had, and upgrading again works.
 */
abstract class ReversibilityContract {

    private EngineUnderTest engine;
    private String url;

    protected abstract Engine engine();

    @BeforeEach
    void createEmptyDatabase() {
        engine = new EngineUnderTest(engine());
        url = engine.newUrl();
    }

    @AfterEach
    void dropDatabases() {
        engine.close();
    }

    @Test
    void shouldRestoreTheExactSchemaWhenEveryMigrationIsUndone() throws Exception {
        // Given the project's migrations on a fresh database
        try (Database db = Database.start(DatabaseConfig.builder().url(url)
                .credentials(engine.user(), engine.password()).schemaPolicy(SchemaPolicy.NONE).build())) {
            Migrations migrations = db.migrations();
            List<Migration> all = migrations.status().all();
            assertThat(all).isNotEmpty();
            List<String> report = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            String previous = "base";

            for (Migration next : all) {
                // When it goes up one version, and back down
                SchemaSnapshot before = snapshot();
                MigrationRun up = migrations.upgrade(next.version());
                MigrationRun down = migrations.downgrade(previous);
                SchemaSnapshot after = snapshot();

                // Then the schema is what it was, and the history too
                List<String> differences = SchemaDiff.compare(before, "before " + next.script(), after,
                        "after " + next.undoScript(), SchemaDiff.Mode.SAME_ENGINE);
                report.add(String.format("  %-5s -> %-3s -> %-5s %s", previous, next.version(), previous,
                        differences.isEmpty() ? "identical" : differences.size() + " difference(s)"));
                differences.forEach(d -> report.add("      " + d));
                failures.addAll(differences);
                assertThat(up.steps()).extracting(MigrationRun.Step::version).containsExactly(next.version());
                assertThat(down.steps()).extracting(MigrationRun.Step::script).containsExactly(next.undoScript());
                assertThat(migrations.status().currentVersion())
                        .isEqualTo(previous.equals("base") ? null : previous);

                // And the version applies again after its undo
                migrations.upgrade(next.version());
                previous = next.version();
            }
            MigrationRun toBase = migrations.downgrade("base");
            report.add("  " + previous + " -> base: " + toBase.steps().size() + " undo script(s), "
                    + snapshot().tables().size() + " table(s) left");

            System.out.println("Reversibility on " + engine() + ":\n" + String.join("\n", report));
            assertThat(failures).isEmpty();
            assertThat(snapshot().tables()).isEmpty();
            assertThat(migrations.status().currentVersion()).isNull();
        }
    }

    private SchemaSnapshot snapshot() throws Exception {
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password())) {
            return SchemaReader.read(c);
        }
    }
}
