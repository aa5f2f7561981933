package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.TestSqlite;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it from another service" example, taken from between its markers, compiled against the test
 * class path and run in a new JVM with {@code DATABASE_URL} pointing at a fresh SQLite file: the snippet readers copy
 * compiles and does what its comments say.
 */
class ReadmeExampleTest {

    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- readme-example:start -->\\s*```java\\n(.*?)```\\s*<!-- readme-example:end -->", Pattern.DOTALL);

    @Test
    void shouldCompileAndRunTheReadmeExampleOnSqlite() throws Exception {
        String source = readmeExample();
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(name.find()).as("the example declares a public class").isTrue();
        Path dir = Files.createTempDirectory(TestSqlite.tempDirectory(), "readme");
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);
        String classPath = System.getProperty("java.class.path");

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compiler.getTask(diagnostics, null, null,
                List.of("--release", "21", "-classpath", classPath, "-d", dir.toString()), null,
                compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile()))
                .call();
        assertThat(compiled).as("compiles: %s", diagnostics).isTrue();

        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", dir + File.pathSeparator + classPath, name.group(1))
                .redirectErrorStream(true);
        run.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("WINDSURF_"));
        run.environment().put("DATABASE_URL", "jdbc:sqlite:" + TestSqlite.newDatabaseFile("readme"));
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("ProjectView[id=", "name=Analytical Engine, description=Note G")
                .contains("projects: 1")
                .contains("taken: username")
                .contains("email: must be a well-formed e-mail address")
                .contains("password: must be 12 to 128 characters")
                .contains("username: must be 3 to 32 characters")
                .contains("user '019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091' does not exist")
                .doesNotContain("correct horse battery")
                .doesNotContain("$argon2id$");
    }

    private static String readmeExample() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
        Matcher m = EXAMPLE.matcher(Files.readString(readme));
        assertThat(m.find()).as("README.md has the example between its markers").isTrue();
        return m.group(1);
    }
}
