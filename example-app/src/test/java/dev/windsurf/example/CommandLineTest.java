package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.schema.SchemaMigrations;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void shouldListItsCommandsInTheHelp() {
        Run help = run("--help");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("serve", "status", "DATABASE_URL");
    }

    @Test
    void shouldReportTheEmbeddedDatabaseWithStatus() {
        // The tests run in target/: the default ./data/windsurf.db lands there; status reads it and creates none
        assertThat(run("db", "upgrade", "head").status()).isZero();
        Run status = run("status");

        assertThat(status.status()).isZero();
        assertThat(status.out()).contains("on SQLITE", "schema version " + SchemaMigrations.VERSION + " (windsurf), 1 (example)", "up",
                "READ_WRITE");
    }

    @Test
    void shouldRefuseAnUnknownCommandOrABadPort() {
        assertThat(run("fly").status()).isEqualTo(2);
        Run badPort = run("serve", "--port", "70000");
        assertThat(badPort.status()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port must be between 0 and 65535");
    }
}
