package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Engine;
import dev.windsurf.data.testsupport.EngineUnderTest;
import dev.windsurf.data.testsupport.TestSqlite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@code db upgrade head} processes started together on one empty database, twenty times: neither fails, each
 * states the version the database really reached, and every migration is applied once.
 */
abstract class ConcurrentUpgradeContract {

    private static final int PAIRS = 20;

    private EngineUnderTest engine;
    private final Map<Process, Path> stderr = new HashMap<>();

    protected abstract Engine engine();

    @BeforeEach
    void start() {
        engine = new EngineUnderTest(engine());
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void shouldLetEveryRacerSucceedAndReportTheVersionTheDatabaseReached() throws Exception {
        List<String> failures = new ArrayList<>();
        int waited = 0;
        for (int pair = 1; pair <= PAIRS; pair++) {
            // Given an empty database
            String url = engine.newUrl();

            // When two processes upgrade it at once
            long at = System.currentTimeMillis() + 3000;
            Process a = racer(url, at);
            Process b = racer(url, at);
            String outA = finish(a);
            String outB = finish(b);

            // Then every migration ran once, both racers succeed, and both say the database is at head
            List<String> history = history(url);
            assertThat(history).as("pair %d", pair).isNotEmpty().doesNotHaveDuplicates();
            String head = history.getLast();
            for (String out : List.of(outA, outB)) {
                String last = out.lines().filter(l -> l.startsWith("Now at ") || l.startsWith("Already at "))
                        .reduce((x, y) -> y).orElse("");
                boolean ok = out.startsWith("exit 0") && (last.startsWith("Now at version " + head + " (head) after ")
                        || last.equals("Already at version " + head + " (head): nothing to upgrade."));
                if (!ok) {
                    failures.add("pair " + pair + ":\n" + out);
                }
                waited += out.contains("Waiting for another ") ? 1 : 0;
            }
        }
        assertThat(failures).isEmpty();
        System.out.printf("%s: %d racing pairs, every racer succeeded; %d racer(s) waited for the lock%n",
                engine(), PAIRS, waited);
    }

    /**
     * Starts {@code db upgrade head} in a JVM of its own, running the command at {@code at} (epoch millis); its log
     * lines and errors go to a file.
     */
    private Process racer(String url, long at) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-Drace.at=" + at, "-cp", System.getProperty("java.class.path"),
                RacingUpgrade.class.getName(), "upgrade", "head", "--url", url));
        Path errors = Files.createTempFile(TestSqlite.tempDirectory(), "racer", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        if (engine.user() != null) {
            builder.environment().put("DATABASE_USERNAME", engine.user());
        }
        if (engine.password() != null) {
            builder.environment().put("DATABASE_PASSWORD", engine.password());
        }
        Process process = builder.start();
        stderr.put(process, errors);
        return process;
    }

    /** Exit code, standard output, then standard error, once the process ended. */
    private String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String err = Files.readString(stderr.remove(p));
        return (ended ? "exit " + p.exitValue() : "timed out") + "\n" + out + "--- stderr\n" + err;
    }

    private List<String> history(String url) throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL "
                     + "AND success ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }
}
