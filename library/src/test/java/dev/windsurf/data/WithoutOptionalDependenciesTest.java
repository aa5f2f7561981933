package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Micrometer and OpenTelemetry are optional dependencies: a database starts, writes, reads and closes in a JVM whose
 * class path holds neither (this test's class path with their jars taken out).
 */
class WithoutOptionalDependenciesTest {

    private static final List<String> OPTIONAL = List.of("micrometer", "opentelemetry", "HdrHistogram",
            "LatencyUtils", "prometheus");

    @Test
    void shouldStartAndServeWithoutMicrometerOrOpenTelemetryOnTheClassPath() throws Exception {
        String all = System.getProperty("java.class.path");
        String without = Arrays.stream(all.split(File.pathSeparator))
                .filter(entry -> OPTIONAL.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(all.split(File.pathSeparator).length).as("the optional jars are on this test's class path")
                .isGreaterThan(without.split(File.pathSeparator).length);
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "--enable-native-access=ALL-UNNAMED", "-cp", without, Child.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("micrometer absent", "opentelemetry absent", "served 1 user");
        assertThat(output).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
        assertThat(child.exitValue()).as(output).isZero();
    }

    /** Runs in the child JVM. */
    public static final class Child {

        public static void main(String[] args) {
            System.out.println(absent("io.micrometer.core.instrument.MeterRegistry", "micrometer"));
            System.out.println(absent("io.opentelemetry.api.OpenTelemetry", "opentelemetry"));
            try (Database db = Database.start(DatabaseConfig.builder().url("sqlite::memory:").build())) {
                db.write(tx -> DatabaseContract.insertUser(tx, "alone"));
                db.readOnly().enter("check the listeners");
                db.readOnly().exit();
                int users = db.read(tx -> tx.fetchCount(USERS));
                System.out.println("served " + users + " user" + (db.health().up() ? "" : " (down)"));
            }
        }

        private static String absent(String type, String name) {
            try {
                Class.forName(type);
                return name + " present";
            } catch (ClassNotFoundException e) {
                return name + " absent";
            }
        }
    }
}
