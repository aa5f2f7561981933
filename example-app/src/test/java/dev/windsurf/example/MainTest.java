package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void shouldStartOnTheDefaultEmbeddedDatabaseAndReportItsSchemaVersion() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        int status = Main.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .contains("on SQLITE", "schema version " + dev.windsurf.data.schema.SchemaMigrations.VERSION, "up");
    }
}
