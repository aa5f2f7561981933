package dev.windsurf.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationLintTest {

    @TempDir
    Path tmp;

    private static final MigrationLint POSTGRES = MigrationLint.builder().target(Target.POSTGRESQL).build();

    private static List<String> rules(LintReport report) {
        return report.active().stream().map(f -> f.rule() + "@" + f.line()).toList();
    }

    @Test
    void shouldPassWindSurfsOwnMigrationsAndCheckTheirUndoScripts() {
        Path dir = Path.of("..", "src-migrations", "src", "main", "resources", "db", "migration");

        LintReport report = MigrationLint.ofDefaults().lintDirectory(dir);

        assertThat(report.findings()).isEmpty();
        assertThat(report.undoChecked()).isTrue();
    }

    @Test
    void shouldAllowIndexingATableCreatedInTheSameMigrationButNotAnExistingOne() {
        String sql = """
                SET lock_timeout = '5s';
                CREATE TABLE tags (id BIGINT PRIMARY KEY, name TEXT);
                CREATE INDEX ix_tags_name ON tags (name);
                CREATE INDEX ix_users_name ON users (name);
                """;

        LintReport report = POSTGRES.lintScript("V7__tags.sql", sql);

        assertThat(rules(report)).containsExactly("require-concurrent-index@4");
        Finding finding = report.active().getFirst();
        assertThat(finding.version()).isEqualTo("7");
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.fix()).contains("CONCURRENTLY");
        assertThat(finding.toString()).startsWith("V7__tags.sql:4: error require-concurrent-index: ");
    }

    @Test
    void shouldNotSplitOrLintStatementsInsideStringsDollarQuotesAndComments() {
        String sql = """
                INSERT INTO t (a) VALUES ('x; DROP TABLE t; --'), (E'it\\'s; DROP TABLE u');
                /* ALTER TABLE t DROP COLUMN a; /* nested; */ still a comment; */
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN DROP TABLE t; RETURN NEW; END; $body$;
                -- DROP TABLE t;
                DO $$ BEGIN PERFORM 1; END $$;
                DROP TABLE t;
                """;

        LintReport report = POSTGRES.lintScript("V2__x.sql", sql);

        assertThat(rules(report)).containsExactlyInAnyOrder("drop-table@7", "require-lock-timeout@7");
    }

    @Test
    void shouldKeepTriggerAndAtomicFunctionBodiesInOneStatement() {
        String sql = """
                CREATE TRIGGER tr_touch AFTER UPDATE ON t BEGIN
                    UPDATE t SET n = CASE WHEN n IS NULL THEN 1 ELSE n + 1 END WHERE id = NEW.id;
                    DELETE FROM u WHERE id = OLD.id;
                END;
                CREATE FUNCTION f(a INT) RETURNS INT LANGUAGE SQL BEGIN ATOMIC
                    SELECT a + 1;
                END;
                SET lock_timeout = '1s';
                DROP TABLE t;
                """;

        LintReport report = POSTGRES.lintScript("V2__x.sql", sql);

        assertThat(rules(report)).containsExactly("drop-table@9");
    }

    @Test
    void shouldReportAnUnterminatedStringWithItsLine() {
        LintReport report = POSTGRES.lintScript("V2__x.sql", "SET lock_timeout = '1s';\nSELECT 'oops;\nDROP TABLE t;");

        assertThat(rules(report)).containsExactly("parse-error@2");
        assertThat(report.active().getFirst().message()).contains("unterminated string literal", "line 2");
    }

    @Test
    void shouldSilenceOnlyWithAReasonAndListSilencedFindings() {
        String sql = """
                SET lock_timeout = '5s';
                -- lint: allow drop-column -- column unused since 2.3
                ALTER TABLE users DROP COLUMN nickname;
                ALTER TABLE users DROP COLUMN legacy; -- lint: allow drop-column
                ALTER TABLE users DROP COLUMN other; -- lint: allow drop-colum -- typo in the rule
                """;

        LintReport report = POSTGRES.lintScript("V3__x.sql", sql);

        assertThat(report.silenced()).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.reason()).isEqualTo("column unused since 2.3");
            assertThat(f.blocking()).isFalse();
            assertThat(f.toString()).endsWith("[allowed: column unused since 2.3]");
        });
        assertThat(rules(report)).containsExactlyInAnyOrder("drop-column@4", "lint-allow@4", "drop-column@5",
                "lint-allow@5");
    }

    @Test
    void shouldRequireConcurrentIndexesAloneInTheirMigration() {
        assertThat(rules(POSTGRES.lintScript("V4__x.sql", "CREATE INDEX CONCURRENTLY ix ON t (a);"))).isEmpty();
        assertThat(rules(POSTGRES.lintScript("V4__x.sql",
                "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY ix ON t (a);")))
                .containsExactly("concurrently-in-transaction@2");
    }

    @Test
    void shouldReportSqliteRulesOnlyForPortableSets() {
        String sql = "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, at TIMESTAMP WITH TIME ZONE DEFAULT now());";

        assertThat(rules(MigrationLint.ofDefaults().lintScript("V1__t.sql", sql)))
                .containsExactly("sqlite-incompatible@1", "sqlite-incompatible@1");
        assertThat(rules(POSTGRES.lintScript("V1__t.sql", sql))).containsExactly("prefer-identity@1");
    }

    @Test
    void shouldKnowWhichColumnsEarlierMigrationsIndexedWhenSqliteDropsOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("migration"));
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b TEXT);\n"
                + "CREATE INDEX ix_t_a ON t (a);\n");
        Files.writeString(dir.resolve("V2__drop.sql"), "-- lint: allow drop-column -- unused since 1.4\n"
                + "ALTER TABLE t DROP COLUMN b;\n"
                + "-- lint: allow drop-column -- unused since 1.4\n"
                + "ALTER TABLE t DROP COLUMN a;\n");

        LintReport report = MigrationLint.ofDefaults().lintDirectory(dir);

        assertThat(report.undoChecked()).isFalse();
        assertThat(rules(report)).containsExactly("sqlite-rebuild@4");
    }

    @Test
    void shouldReportMissingAndIncompleteUndoScripts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("db/migration"));
        Path undo = Files.createDirectories(tmp.resolve("db/undo"));
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE t (id TEXT PRIMARY KEY);\n");
        Files.writeString(dir.resolve("V2__u.sql"), "CREATE TABLE u (id TEXT PRIMARY KEY);\n"
                + "CREATE INDEX ix_u_id ON u (id);\nALTER TABLE t ADD COLUMN note TEXT;\n");
        Files.writeString(dir.resolve("V3__w.sql"), "CREATE TABLE w (id TEXT PRIMARY KEY);\n");
        Files.writeString(undo.resolve("U1__t.sql"), "DROP TABLE t;\n");
        Files.writeString(undo.resolve("U2__u.sql"), "DROP TABLE u;\n");

        LintReport report = MigrationLint.ofDefaults().lintDirectory(dir);

        assertThat(report.undoChecked()).isTrue();
        assertThat(report.active()).extracting(Finding::file, Finding::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("U2__u.sql", "undo-incomplete"),
                org.assertj.core.groups.Tuple.tuple("V3__w.sql", "undo-missing"));
        assertThat(report.active().getFirst().message()).contains("drop column t.note").doesNotContain("ix_u_id");
    }

    @Test
    void shouldReportATableRebuildAsSuchAndADroppedCopyAsADrop() {
        String rebuild = """
                CREATE TABLE tasks_rebuild AS SELECT * FROM tasks;
                DROP TABLE tasks;
                CREATE TABLE tasks (id TEXT NOT NULL, title TEXT NOT NULL, CONSTRAINT pk_tasks PRIMARY KEY (id));
                INSERT INTO tasks (id, title) SELECT id, title FROM tasks_rebuild;
                DROP TABLE tasks_rebuild;
                CREATE INDEX ix_tasks_title ON tasks (title);
                """;
        String copyThenDrop = """
                CREATE TABLE tasks_archive AS SELECT * FROM tasks;
                DROP TABLE tasks;
                """;

        LintReport rebuilt = MigrationLint.ofDefaults().lintScript("V5__rebuild.sql", rebuild);
        LintReport dropped = MigrationLint.ofDefaults().lintScript("V5__archive.sql", copyThenDrop);

        assertThat(rules(rebuilt)).containsExactly("table-rebuild@2");
        assertThat(rebuilt.active().getFirst().severity()).isEqualTo(Severity.WARNING);
        assertThat(rules(dropped)).containsExactly("drop-table@2");
    }

    @Test
    void shouldReportErrorsInReleasedMigrationsWithoutBlocking() {
        MigrationLint lint = MigrationLint.builder().target(Target.POSTGRESQL).releasedThrough("3").build();

        LintReport released = lint.lintScript("V3__x.sql", "SET lock_timeout = '1s';\nDROP TABLE t;");
        LintReport unreleased = lint.lintScript("V10__x.sql", "SET lock_timeout = '1s';\nDROP TABLE t;");

        assertThat(released.active()).singleElement().satisfies(f -> assertThat(f.released()).isTrue());
        assertThat(released.hasBlocking()).isFalse();
        assertThat(unreleased.blocking()).singleElement().satisfies(f -> assertThat(f.rule()).isEqualTo("drop-table"));
    }

    @Test
    void shouldRejectBadSettingsAndMissingDirectories() {
        assertThatThrownBy(() -> MigrationLint.builder().releasedThrough("v3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'v3'");
        assertThatThrownBy(() -> MigrationLint.builder().target(null))
                .isInstanceOf(NullPointerException.class).hasMessage("target cannot be null");
        assertThatThrownBy(() -> MigrationLint.ofDefaults().lintDirectory(tmp.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No migrations directory");
    }

    @Test
    void shouldCompareVersionsAsNumbers() {
        assertThat(MigrationLint.compare("10", "9")).isPositive();
        assertThat(MigrationLint.compare("1.2", "1.10")).isNegative();
        assertThat(MigrationLint.compare("3", "3.0")).isZero();
    }
}
