package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher (example-app/windsurf) and its start-up cache: when it builds (and from clean), and that a cache
 * that does not fit (damaged, another class path, another JDK's) never breaks a run or adds output.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("..", "windsurf").toAbsolutePath().normalize();
    private static final String[] MODULE_SOURCES = {"src-migrations/src", "lint/src/main", "core/src/main",
        "codegen/src/main", "library/src/main", "example-app/src/main"};

    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    private static Run run(Path dir, List<String> command, String... env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        builder.environment().remove("DATABASE_URL");
        Path out = dir.resolve("out-" + UUID.randomUUID());
        Path err = dir.resolve("err-" + UUID.randomUUID());
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A copy of the launcher in a tree of empty modules whose ./mvnw only records the goals it was given. */
    private Path fakeTree() throws IOException {
        Path root = tmp.resolve("tree");
        for (String dir : MODULE_SOURCES) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("core/src/main/A.java"), "class A {}");
        Files.writeString(root.resolve("example-app/src/main/B.java"), "class B {}");
        Path launcher = root.resolve("example-app/windsurf");
        Files.copy(LAUNCHER, launcher);
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, """
                #!/usr/bin/env bash
                echo "$*" >> "$(dirname "$0")/builds.log"
                mkdir -p example-app/target && echo jar > example-app/target/windsurf-example-app.jar
                """);
        for (Path script : new Path[] {launcher, mvnw}) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return root;
    }

    private List<String> builds(Path root) throws IOException {
        Path log = root.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void launch(Path root) throws Exception {
        // The fake jar does not run; only what the launcher built matters here
        run(root, List.of(root.resolve("example-app/windsurf").toString(), "--version"), "WINDSURF_AOT", "off",
                "JAVA_HOME", System.getProperty("java.home"));
    }

    @Test
    void shouldBuildOnceThenOnlyWhenSourcesChangeAndFromCleanWhenAFileWasRemoved() throws Exception {
        Path root = fakeTree();

        launch(root);
        assertThat(builds(root)).hasSize(1);
        assertThat(builds(root).getLast()).contains("-pl example-app -am package");

        launch(root);
        assertThat(builds(root)).as("nothing changed").hasSize(1);

        Path a = root.resolve("core/src/main/A.java");
        Files.writeString(a, "class A { int x; }");
        launch(root);
        assertThat(builds(root)).hasSize(2);
        assertThat(builds(root).getLast()).contains("package").doesNotContain("clean");

        // A migration deleted from the source tree must leave the jar: only a clean build removes it
        Files.delete(root.resolve("example-app/src/main/B.java"));
        launch(root);
        assertThat(builds(root)).hasSize(3);
        assertThat(builds(root).getLast()).contains("clean package");

        launch(root);
        assertThat(builds(root)).as("nothing changed since").hasSize(3);
    }

    private List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(args));
        return command;
    }

    /** The options the launcher adds for a cache file: the JDK's own kind, and silence when it does not fit. */
    private static List<String> cacheOptions(Path cache, boolean create) {
        if (Runtime.version().feature() >= 25) {
            return List.of(create ? "-XX:AOTCacheOutput=" + cache : "-XX:AOTCache=" + cache, "-Xlog:aot=off",
                    "-Xlog:cds=off");
        }
        return List.of(create ? "-XX:ArchiveClassesAtExit=" + cache : "-XX:SharedArchiveFile=" + cache,
                "-Xlog:cds=off");
    }

    @Test
    void shouldRunCleanlyWithADamagedOrForeignStartUpCache() throws Exception {
        String classPath = System.getProperty("java.class.path");
        Path db = tmp.resolve("app.db");
        String url = "sqlite:///" + db;
        assertThat(run(tmp, java("-cp", classPath, Main.class.getName(), "db", "upgrade", "head", "--url", url))
                .status()).isZero();

        // A damaged cache file
        Path damaged = tmp.resolve("damaged.aot");
        Files.writeString(damaged, "not a cache", StandardCharsets.UTF_8);
        List<String> withDamaged = new ArrayList<>(java());
        withDamaged.addAll(cacheOptions(damaged, false));
        withDamaged.addAll(List.of("-cp", classPath, Main.class.getName(), "db", "current", "--url", url));
        Run damagedRun = run(tmp, withDamaged);
        assertThat(damagedRun.status()).as(damagedRun.toString()).isZero();
        assertThat(damagedRun.out()).isEqualTo("windsurf: 3 (head)\nexample: 1 (head)\n");
        assertThat(damagedRun.err()).isEmpty();

        // A real cache of another application (here: one of the JDK's own tools): refused by the JVM, without a word
        Path foreign = tmp.resolve("foreign.aot");
        List<String> training = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        training.addAll(cacheOptions(foreign, true));
        training.addAll(List.of("-m", "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider", "--version"));
        Run trained = run(tmp, training, "HOME", tmp.toString());
        assertThat(trained.status()).as(trained.toString()).isZero();
        assertThat(foreign).exists();
        List<String> withForeign = new ArrayList<>(java());
        withForeign.addAll(cacheOptions(foreign, false));
        withForeign.addAll(List.of("-cp", classPath, Main.class.getName(), "db", "current", "--url", url));
        Run foreignRun = run(tmp, withForeign);
        assertThat(foreignRun.status()).as(foreignRun.toString()).isZero();
        assertThat(foreignRun.out()).isEqualTo("windsurf: 3 (head)\nexample: 1 (head)\n");
        assertThat(foreignRun.err()).isEmpty();
    }
}
