package dev.windsurf.codegen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build step's lint: what fails the build and what only prints. */
class LintGateTest {

    @TempDir
    Path tmp;

    private Path dir;
    private final List<String> printed = new ArrayList<>();

    @BeforeEach
    void released() throws Exception {
        dir = Files.createDirectories(tmp.resolve("db/migration"));
        Path undo = Files.createDirectories(tmp.resolve("db/undo"));
        Files.writeString(dir.resolve("V1__create_tags.sql"),
                "CREATE TABLE tags (id TEXT NOT NULL, name TEXT NOT NULL, CONSTRAINT pk_tags PRIMARY KEY (id));\n");
        Files.writeString(undo.resolve("U1__create_tags.sql"), "DROP TABLE tags;\n");
        Files.writeString(undo.resolve("U2__index_tags.sql"), "DROP INDEX ix_tags_name;\n");
    }

    @Test
    void shouldFailTheBuildOnAnUnsafeNewMigration() throws Exception {
        Files.writeString(dir.resolve("V2__index_tags.sql"), "CREATE INDEX ix_tags_name ON tags (name);\n");

        assertThatThrownBy(() -> LintGate.check(dir, "1", false, printed::add))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("Migration lint: 1 error(s) in migrations not yet released (above version 1), "
                        + "first V2__index_tags.sql:1: error require-concurrent-index: ")
                .hasMessageEndingWith("silence one with `-- lint: allow require-concurrent-index -- <reason>` on its "
                        + "statement; `db lint` lists them all.");
        assertThat(printed).singleElement().asString().startsWith("migration lint: V2__index_tags.sql:1: error ");
    }

    @Test
    void shouldPassWithAnAllowCommentAndPrintTheSilencedFinding() throws Exception {
        Files.writeString(dir.resolve("V2__index_tags.sql"),
                "-- lint: allow require-concurrent-index -- tags holds a few hundred rows\n"
                        + "CREATE INDEX ix_tags_name ON tags (name);\n");

        LintGate.check(dir, "1", false, printed::add);

        assertThat(printed).singleElement().asString().endsWith("[allowed: tags holds a few hundred rows]");
    }

    @Test
    void shouldOnlyWarnAboutAReleasedMigration() throws Exception {
        Files.writeString(dir.resolve("V2__index_tags.sql"), "CREATE INDEX ix_tags_name ON tags (name);\n");

        LintGate.check(dir, "2", false, printed::add);

        assertThat(printed).singleElement().asString().endsWith("[released migration: warning only]");
    }

    @Test
    void shouldPassWindSurfsOwnMigrations() throws Exception {
        LintGate.check(Path.of("..", "src-migrations", "src", "main", "resources", "db", "migration"), null,
                false, printed::add);

        assertThat(printed).isEmpty();
    }
}
