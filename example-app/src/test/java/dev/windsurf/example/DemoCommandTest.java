package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
import dev.windsurf.data.testkit.OnBothEngines;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    static String runDemo(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(cli.execute(all)).as(out.toString()).isZero();
        return out.toString();
    }

    static void assertCompleteTour(String output) {
        assertThat(output).contains(
                " 1. Migrate", "schema version 3 (windsurf), 1 (example)", "4 migration(s) applied at start",
                " 2. Create through the services", "organization Acme", "project Rocket",
                " 3. Query through a generated DAO", "UsersDao.fetchByOrganizationId -> alice",
                " 4. A validation error", "3 violation(s)", "username:", "email:", "password:",
                " 5. A duplicate", "ConflictException on field 'username'",
                " 6. Read-only mode", "refused without touching the database", "reads still work",
                " 7. Migration history", "U3__create_projects.sql",
                " 8. Downgrade one revision", "refused while set example is applied", "3 -> 2",
                " 9. Upgrade to head", "2 -> 3", "projects table back and empty: true",
                "Tour complete.")
                .doesNotContain("UNEXPECTED", "argon2", "correct horse");
    }

    @Test
    void shouldRunTheWholeTourOnAFreshTemporarySqliteDatabase() {
        String output = runDemo();

        assertThat(output).contains("on SQLITE (a fresh temporary database");
        assertCompleteTour(output);
    }

    @OnBothEngines
    void shouldRunTheWholeTourOnTheDatabaseItIsGiven(Database kit) {
        // Given the kit's fresh database, emptied so that the tour starts from nothing
        kit.migrations("example").downgrade("base");
        kit.migrations("windsurf").downgrade("base");
        String url = kit.config().url();
        if (kit.engine() == Engine.POSTGRESQL) {
            url += (url.contains("?") ? "&" : "?") + "user=" + kit.config().username();
        }

        String output = runDemo("--url", url);

        assertThat(output).contains("on " + kit.engine());
        assertCompleteTour(output);
    }
}
