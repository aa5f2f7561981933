package dev.windsurf.data.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A migration that adds a column (as `db revision --autogenerate` writes one) changes the constructors of the
 * generated records and POJOs, which take every column in order. Code that calls those constructors stops compiling,
 * and with it the launcher's build: this test keeps the library's and the app's sources off them (setters, into()
 * and the DSL are unaffected by a new column).
 */
class GeneratedColumnsTolerantTest {

    private static final Path GENERATED = Path.of("target", "generated-sources", "windsurf-jooq");

    @Test
    void shouldNotCallTheAllColumnsConstructorOfAGeneratedClass() throws IOException {
        Set<String> generated;
        try (Stream<Path> files = Files.walk(GENERATED)) {
            generated = files.filter(f -> f.toString().contains("/tables/records/")
                            || f.toString().contains("/tables/pojos/"))
                    .map(f -> f.getFileName().toString().replace(".java", "")).collect(Collectors.toSet());
        }
        assertThat(generated).contains("UsersRecord", "Users", "Projects");
        Pattern call = Pattern.compile("new (" + String.join("|", generated) + ")\\((?!\\s*\\))");
        List<String> offenders = new ArrayList<>();
        for (Path root : new Path[] {Path.of("src", "main", "java"), Path.of("src", "test", "java"),
            Path.of("..", "example-app", "src", "main", "java"), Path.of("..", "example-app", "src", "test", "java")}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = call.matcher(Files.readString(f));
                    while (m.find()) {
                        offenders.add(f + ": " + m.group());
                    }
                }
            }
        }
        assertThat(offenders).as("calls of an all-columns constructor").isEmpty();
    }
}
