package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code db lint} on the lint corpus (lint/src/test/resources/lint-corpus): every statement there carries an
 * {@code -- expect: <rules> | none} comment, and the command must report exactly those rules on it, no more.
 */
class LintCommandTest {

    private static final Path CORPUS = Path.of("..", "lint", "src", "test", "resources", "lint-corpus")
            .toAbsolutePath().normalize();
    private static final Path WINDSURF = Path.of("..", "src-migrations", "src", "main", "resources", "db",
            "migration").toAbsolutePath().normalize();
    private static final Pattern EXPECT = Pattern.compile("^-- expect: (.*)$");
    private static final Pattern FINDING = Pattern.compile("\\{\"file\":\"([^\"]*)\",\"line\":(\\d+),"
            + "\"rule\":\"([^\"]*)\",\"severity\":\"(error|warning)\",.*?\"silenced\":(true|false)");

    @TempDir
    Path tmp;

    private static CommandRun db(String... args) {
        return CommandRun.run(DatabaseConfig::builder, args);
    }

    @Test
    void shouldFindEveryPlantedHazardInThePostgresCorpusAndNothingOnTheSafeStatements() throws IOException {
        Path dir = CORPUS.resolve("postgres/migration");

        CommandRun run = db("lint", "--json", "--target", "postgresql", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(run.out()).startsWith("{\"command\":\"lint\",\"ok\":false,\"exitCode\":1,\"undoChecked\":false,"
                + "\"findings\":[{\"file\":\"");
        assertThat(found(run.out(), dir, null)).containsExactlyEntriesOf(expected(dir, null));
    }

    @Test
    void shouldFindEveryPlantedHazardInThePortableCorpusIncludingUndoScripts() throws IOException {
        Path dir = CORPUS.resolve("portable/migration");
        Path undo = CORPUS.resolve("portable/undo");

        CommandRun run = db("lint", "--json", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(run.out()).contains("\"undoChecked\":true");
        assertThat(found(run.out(), dir, undo)).containsExactlyEntriesOf(expected(dir, undo));
    }

    @Test
    void shouldPassWindSurfsOwnMigrationsWithExitZero() {
        CommandRun run = db("lint", "--dir", WINDSURF.toString());

        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.out()).isEqualTo("0 error(s), 0 warning(s), 0 allowed; 0 blocking\n");
    }

    @Test
    void shouldListSilencedFindingsAsSuchAndExitZeroWhenOnlyThoseRemain() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("migration"));
        Files.writeString(dir.resolve("V1__drop.sql"), "SET lock_timeout = '5s';\n"
                + "-- lint: allow drop-column -- users.nickname unused since 2.3\n"
                + "ALTER TABLE users DROP COLUMN nickname;\n");

        CommandRun text = db("lint", "--target", "postgresql", "--dir", dir.toString());
        CommandRun json = db("lint", "--json", "--target", "postgresql", "--dir", dir.toString());

        assertThat(text.exitCode()).as(text.both()).isZero();
        assertThat(text.out()).startsWith("V1__drop.sql:3: error drop-column: DROP COLUMN users.nickname")
                .contains("[allowed: users.nickname unused since 2.3]\n")
                .endsWith("0 error(s), 0 warning(s), 1 allowed; 0 blocking; undo scripts not checked (no undo "
                        + "directory)\n");
        assertThat(json.out()).contains("\"rule\":\"drop-column\",\"severity\":\"error\"",
                "\"silenced\":true,\"reason\":\"users.nickname unused since 2.3\",\"released\":false");
    }

    @Test
    void shouldExitOneOnAnErrorUnlessItsMigrationIsReleased() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("migration"));
        Files.writeString(dir.resolve("V2__index.sql"), "CREATE INDEX ix_users_email ON users (email);\n");

        CommandRun unreleased = db("lint", "--dir", dir.toString(), "--released-through", "1");
        CommandRun released = db("lint", "--dir", dir.toString(), "--released-through", "2");

        assertThat(unreleased.exitCode()).as(unreleased.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(unreleased.out()).contains("V2__index.sql:1: error require-concurrent-index: ")
                .contains("1 blocking");
        assertThat(released.exitCode()).as(released.both()).isZero();
        assertThat(released.out()).contains("[released migration: warning only]").contains("0 blocking");
    }

    @Test
    void shouldRejectAMissingDirectoryAndAnUnknownTargetAsUsageErrors() {
        CommandRun missing = db("lint", "--dir", tmp.resolve("nope").toString());
        CommandRun target = db("lint", "--dir", WINDSURF.toString(), "--target", "oracle");
        CommandRun version = db("lint", "--dir", WINDSURF.toString(), "--released-through", "v3");

        assertThat(missing.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(missing.err()).contains("No migrations directory").contains("pass --dir");
        assertThat(target.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(target.err()).contains("--target must be portable or postgresql, not 'oracle'");
        assertThat(version.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(version.err()).contains("releasedThrough must be a version");
    }

    /** What the corpus comments expect: for each block ({@code file:line} of its expect comment), its rules. */
    private static Map<String, String> expected(Path dir, Path undo) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path file : files(dir, undo)) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = EXPECT.matcher(lines.get(i));
                if (m.matches()) {
                    List<String> active = new ArrayList<>();
                    List<String> allowed = new ArrayList<>();
                    for (String rule : m.group(1).split("\\s*,\\s*")) {
                        if (rule.startsWith("allowed ")) {
                            allowed.add(rule.substring("allowed ".length()));
                        } else if (!rule.equals("none")) {
                            active.add(rule);
                        }
                    }
                    out.put(file.getFileName() + ":" + (i + 1), describe(active, allowed));
                }
            }
        }
        return out;
    }

    /** What the command reported, gathered into the same blocks. */
    private static Map<String, String> found(String json, Path dir, Path undo) throws IOException {
        Map<String, List<String>> active = new TreeMap<>();
        Map<String, List<String>> allowed = new TreeMap<>();
        Map<String, List<Integer>> starts = new TreeMap<>();
        for (Path file : files(dir, undo)) {
            List<String> lines = Files.readAllLines(file);
            List<Integer> blockStarts = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (EXPECT.matcher(lines.get(i)).matches()) {
                    blockStarts.add(i + 1);
                    active.put(file.getFileName() + ":" + (i + 1), new ArrayList<>());
                    allowed.put(file.getFileName() + ":" + (i + 1), new ArrayList<>());
                }
            }
            starts.put(file.getFileName().toString(), blockStarts);
        }
        Matcher m = FINDING.matcher(json);
        while (m.find()) {
            String file = m.group(1);
            int line = Integer.parseInt(m.group(2));
            int block = starts.getOrDefault(file, List.of()).stream().filter(s -> s <= line)
                    .reduce((a, b) -> b).orElse(0);
            String key = file + ":" + block;
            (Boolean.parseBoolean(m.group(5)) ? allowed : active).computeIfAbsent(key, k -> new ArrayList<>())
                    .add(m.group(3));
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : active.keySet()) {
            out.put(key, describe(active.get(key), allowed.getOrDefault(key, List.of())));
        }
        for (String key : allowed.keySet()) {
            out.putIfAbsent(key, describe(List.of(), allowed.get(key)));
        }
        return out;
    }

    private static String describe(List<String> active, List<String> allowed) {
        return "found " + active.stream().sorted().toList() + ", allowed " + allowed.stream().sorted().toList();
    }

    private static List<Path> files(Path dir, Path undo) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path d : undo == null ? List.of(dir) : List.of(dir, undo)) {
            try (Stream<Path> list = Files.list(d)) {
                files.addAll(list.filter(p -> p.toString().endsWith(".sql")).sorted().toList());
            }
        }
        return files;
    }
}
