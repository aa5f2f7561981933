package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.testsupport.TestSqlite;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Every {@code ```java} block of README.md and docs/*.md, checked as its marker (an HTML comment on the line before
 * the block) says:
 * <ul>
 *   <li>{@code <!-- java: compile -->}: a compilation unit, compiled against the test class path;</li>
 *   <li>{@code <!-- java: run -->}: compiled, then its {@code main} run in a new JVM on a fresh SQLite file and on a
 *       throwaway PostgreSQL database ({@code DATABASE_URL}); it must exit 0, print every {@code expect:} line of the
 *       marker and none of its {@code absent:} lines;</li>
 *   <li>{@code <!-- java: test -->}: a JUnit test class, compiled and run with the Jupiter engine (the test kit's
 *       {@code @OnBothEngines} tests run on both engines); every test must pass;</li>
 *   <li>{@code <!-- java: sketch -->}: an outline with elisions, deliberately not compiled;</li>
 *   <li>{@code <!-- guide-file: … -->}: done for real by {@code GuideTest}.</li>
 * </ul>
 * A misspelt marker fails, and so does a block without any marker: every block says what it claims.
 */
class DocsCodeBlocksTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();

    private static final Pattern FENCE = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!--\\s*(java|guide-file):\\s*([a-z]*)(.*?)-->\\s*\\z",
            Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record)\\s+(\\w+)");

    /** One block: where it is, what its marker asks, and what a run must print or must not. */
    record Block(String file, int line, String kind, String source, List<String> expected, List<String> absent) {
        String where() {
            return file + ":" + line;
        }
    }

    @TestFactory
    Stream<DynamicNode> everyJavaBlockInTheDocsDoesWhatItsMarkerSays() throws IOException {
        List<Block> blocks = blocks();
        assertThat(blocks).as("java blocks found in README.md and docs/").hasSizeGreaterThanOrEqualTo(5);
        // A sketch claims nothing and a guide file is GuideTest's: neither becomes a test here, so that no test
        // passes without checking something.
        return blocks.stream().filter(block -> !List.of("sketch", "guide-file").contains(block.kind()))
                .map(block -> switch (block.kind()) {
            case "compile" -> DynamicTest.dynamicTest(block.where() + " compiles", () -> compile(block));
            case "run" -> DynamicContainer.dynamicContainer(block.where() + " runs", Stream.of(
                    DynamicTest.dynamicTest("on SQLite", () -> runOnSqlite(block)),
                    DynamicTest.dynamicTest("on PostgreSQL", () -> runOnPostgres(block))));
            case "test" -> DynamicTest.dynamicTest(block.where() + " passes as a JUnit test", () -> runTests(block));
            case "none" -> DynamicTest.dynamicTest(block.where() + " says what it claims", () -> assertThat(
                    block.kind()).as("%s: a java block without a marker; put <!-- java: compile|run|test|sketch --> "
                            + "on the line before it", block.where()).isNotEqualTo("none"));
            default -> DynamicTest.dynamicTest(block.where() + " has a known marker", () -> assertThat(block.kind())
                    .as("%s: the marker on the line before a java block is <!-- java: compile|run|test|sketch -->",
                            block.where())
                    .isIn("compile", "run", "test", "sketch", "guide-file"));
        });
    }

    @Test
    void shouldReportABlockThatNoLongerCompiles() throws IOException {
        // The check above can fail: a block calling a method that does not exist is refused with the compiler's
        // message.
        Block broken = new Block("example.md", 1, "compile", """
                import dev.windsurf.data.Database;
                public class Broken {
                    void run(Database db) { db.noSuchMethod(); }
                }
                """, List.of(), List.of());

        Compiled compiled = compileQuietly(broken);

        assertThat(compiled.ok()).isFalse();
        assertThat(compiled.diagnostics()).contains("noSuchMethod");
    }

    @Test
    void shouldFindTheBlocksOfEveryPageWithTheirMarkers() throws IOException {
        List<Block> blocks = blocks();

        assertThat(blocks).filteredOn(b -> b.file().equals("README.md")).extracting(Block::kind).contains("run");
        assertThat(blocks).extracting(Block::kind).contains("run", "test", "sketch", "guide-file");
        assertThat(blocks).filteredOn(b -> b.kind().equals("run")).allSatisfy(b -> assertThat(b.expected())
                .as("%s: a run block says what it prints", b.where()).isNotEmpty());
    }

    private static List<Block> blocks() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher fence = FENCE.matcher(text);
            while (fence.find()) {
                String before = text.substring(Math.max(0, text.lastIndexOf("\n\n", fence.start() - 2) + 2),
                        fence.start());
                int line = (int) text.substring(0, fence.start()).chars().filter(c -> c == '\n').count() + 1;
                String name = ROOT.relativize(page).toString();
                Matcher marker = MARKER.matcher(before);
                if (!marker.find()) {
                    blocks.add(new Block(name, line, "none", fence.group(1), List.of(), List.of()));
                    continue;
                }
                String kind = marker.group(1).equals("guide-file") ? "guide-file" : marker.group(2);
                List<String> expected = new ArrayList<>();
                List<String> absent = new ArrayList<>();
                for (String option : marker.group(3).split("\n")) {
                    option = option.strip();
                    if (option.startsWith("expect:")) {
                        expected.add(option.substring("expect:".length()).strip());
                    } else if (option.startsWith("absent:")) {
                        absent.add(option.substring("absent:".length()).strip());
                    }
                }
                blocks.add(new Block(name, line, kind, fence.group(1), expected, absent));
            }
        }
        return blocks;
    }

    record Compiled(boolean ok, String diagnostics, Path classes, String className) {
    }

    private static Compiled compileQuietly(Block block) throws IOException {
        Matcher name = CLASS.matcher(block.source());
        assertThat(name.find()).as("%s declares a top-level class or record", block.where()).isTrue();
        Path dir = Files.createTempDirectory(TestSqlite.tempDirectory(), "docs-block");
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, block.source());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null,
                List.of("--release", "21", "-classpath", System.getProperty("java.class.path"), "-d", dir.toString()),
                null, compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(file.toFile()))
                .call();
        return new Compiled(ok, diagnostics.toString(), dir, name.group(1));
    }

    private static Compiled compile(Block block) throws IOException {
        Compiled compiled = compileQuietly(block);
        assertThat(compiled.ok()).as("%s compiles:%n%s", block.where(), compiled.diagnostics()).isTrue();
        return compiled;
    }

    private static void runOnSqlite(Block block) throws Exception {
        run(block, Map.of("DATABASE_URL", "jdbc:sqlite:" + TestSqlite.newDatabaseFile("docs")));
    }

    private static void runOnPostgres(Block block) throws Exception {
        try (TestPostgres.ThrowawayDatabase database = TestPostgres.create()) {
            run(block, Map.of("DATABASE_URL", database.url(), "DATABASE_USERNAME", TestPostgres.USER,
                    "DATABASE_PASSWORD", TestPostgres.PASSWORD, "WINDSURF_SCHEMA_POLICY", "MIGRATE"));
        }
    }

    private static void run(Block block, Map<String, String> environment) throws Exception {
        Compiled compiled = compile(block);
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp",
                compiled.classes() + File.pathSeparator + System.getProperty("java.class.path"), compiled.className())
                .redirectErrorStream(true);
        run.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("WINDSURF_"));
        environment.forEach((k, v) -> {
            if (!v.isEmpty()) {
                run.environment().put(k, v);
            }
        });
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ends", block.where()).isTrue();

        assertThat(process.exitValue()).as("%s exits 0:%n%s", block.where(), output).isZero();
        for (String expected : block.expected()) {
            assertThat(output).as("%s prints %s", block.where(), expected).contains(expected);
        }
        for (String absent : block.absent()) {
            assertThat(output).as("%s never prints %s", block.where(), absent).doesNotContain(absent);
        }
    }

    private static void runTests(Block block) throws Exception {
        Compiled compiled = compile(block);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {compiled.classes().toUri().toURL()},
                DocsCodeBlocksTest.class.getClassLoader())) {
            Class<?> testClass = loader.loadClass(compiled.className());
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                    .execute();
            results.testEvents().assertThatEvents().as("%s: tests that failed", block.where())
                    .noneMatch(event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                            .map(r -> r.getStatus() == org.junit.platform.engine.TestExecutionResult.Status.FAILED)
                            .orElse(false));
            assertThat(results.testEvents().succeeded().count()).as("%s: tests that passed", block.where())
                    .isGreaterThanOrEqualTo(2);
        }
    }
}
