package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.DatabaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --url} says about secrets on the command line and about text that is no URL at all. */
class UrlOptionTest {

    @Test
    void shouldWarnThatAPasswordOnTheCommandLineIsVisibleAndNeverShowIt() {
        CommandRun run = CommandRun.run(DatabaseConfig::builder, "current", "--url",
                "postgresql://nobody:s3cret-Pa55@127.0.0.1:1/none");

        assertThat(run.err()).contains("--url carries a password", "DATABASE_URL");
        assertThat(run.both()).doesNotContain("s3cret-Pa55");
    }

    @Test
    void shouldNotWarnForAUrlWithoutPassword(@TempDir Path tmp) {
        CommandRun run = CommandRun.run(DatabaseConfig::builder, "current", "--url",
                "jdbc:sqlite:" + tmp.resolve("app.db"));

        assertThat(run.err()).doesNotContain("carries a password");
    }

    @Test
    void shouldNotEchoTextThatIsNotAUrl() {
        CommandRun run = CommandRun.run(DatabaseConfig::builder, "current", "--url", "hunter2-correct-horse");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.both()).contains("Invalid database URL").doesNotContain("hunter2");
    }
}
