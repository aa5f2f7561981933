package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserView;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The app on the test kit's database instead of its own: the wiring the app's request tests build on, as the
 * Python app's tests replaced {@code get_db} with an in-memory database.
 */
@DatabaseTest
class MainOnTestDatabaseTest {

    @Test
    void shouldReportOnTheDatabaseItIsHanded(Database db) {
        StringWriter buffer = new StringWriter();

        int status = StatusCommand.report(db, new PrintWriter(buffer, true));

        assertThat(status).isZero();
        assertThat(buffer.toString())
                .contains("WindSurf database " + db.config().name(), "schema version " + SchemaMigrations.VERSION + " (windsurf), 1 (example)")
                .contains("up");
    }

    @OnBothEngines
    void shouldServeTheAppsDataFromAFreshDatabaseOnEachEngine(UserService users, ProjectService projects) {
        // Given a fresh database: nobody has signed up yet, so the name is free on each engine
        UserView ada = users.create(new UserCreate("ada", "ada@example.com", "correct horse battery"));

        // When the app stores a project for her
        projects.create(ProjectCreate.of(ada.id(), "Analytical Engine"));

        // Then it reads it back
        assertThat(projects.listByOwner(ada.id(), PageRequest.first()).items())
                .extracting(p -> p.name()).containsExactly("Analytical Engine");
    }
}
