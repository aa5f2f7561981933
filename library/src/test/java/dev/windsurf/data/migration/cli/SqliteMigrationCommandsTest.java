package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.windsurf.data.internal.migration.SqlScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMigrationCommandsTest extends MigrationCommandsContract {

    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }

    @Test
    void shouldDescribeATableRebuildInsteadOfWritingSqlSqliteCannotRun(@TempDir Path tmp) throws Exception {
        // Given a column renamed by hand, which SQLite also rewrites into the table's constraints
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        migrate("latest", db);
        sql("ALTER TABLE organizations RENAME COLUMN name TO title");

        // When a revision is generated
        CommandRun revision = db("revision", "--autogenerate", "-m", "rename organization name", "--dir",
                db.resolve("migration").toString());

        // Then the change SQLite cannot ALTER is described, not written as SQL that would fail
        assertThat(revision.exitCode()).as(revision.both()).isZero();
        String forward = Files.readString(db.resolve("migration/V4__rename_organization_name.sql"));
        String undo = Files.readString(db.resolve("undo/U4__rename_organization_name.sql"));
        assertThat(forward).contains("-- NOT GENERATED: SQLite cannot alter table organizations's columns or "
                + "constraints. Rebuild it:", "--   CREATE TABLE organizations (", "Needs attention:");
        assertThat(forward).doesNotContain("ALTER TABLE organizations ADD COLUMN");
        assertThat(undo).contains("-- NOT GENERATED: rebuild table organizations as the migrations define it:");
        assertThat(revision.out()).contains("Needs attention (also marked in the files):",
                "table organizations: not generated");
    }

    @Test
    void shouldNeverCreateADatabaseFileForCommandsThatOnlyReadOrUndo(@TempDir Path tmp) {
        Path missing = tmp.resolve("nowhere.db");
        String url = "sqlite:///" + missing;

        for (String[] command : new String[][] {{"current"}, {"history"}, {"check"}, {"downgrade", "base"},
                {"repair"}}) {
            CommandRun run = dbOn(url, command);

            assertThat(run.exitCode()).as(run.both()).isEqualTo(DbCommand.USAGE);
            assertThat(run.err()).startsWith("FAILED: There is no database at " + url)
                    .contains("db upgrade head");
            assertThat(run.out()).isEmpty();
            assertThat(Files.exists(missing)).as(String.join(" ", command)).isFalse();
        }
        CommandRun upgrade = dbOn(url, "upgrade", "head");
        assertThat(upgrade.exitCode()).as(upgrade.both()).isZero();
        assertThat(Files.exists(missing)).isTrue();
    }

    @Test
    void shouldKeepAHostileNameInsideTheCommentedRebuild(@TempDir Path tmp) throws Exception {
        // Given a column renamed by hand to a name that ends a comment line early
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        migrate("latest", db);
        sql("ALTER TABLE organizations RENAME COLUMN name TO "
                + quoted("title\r\nDROP TABLE users;\u2028DELETE FROM organizations;"));

        // When a revision is generated
        CommandRun revision = db("revision", "--autogenerate", "-m", "rename", "--dir",
                db.resolve("migration").toString());

        // Then the rebuild is described in comments only: the files hold no statement at all
        assertThat(revision.exitCode()).as(revision.both()).isZero();
        for (Path file : List.of(db.resolve("migration/V4__rename.sql"), db.resolve("undo/U4__rename.sql"))) {
            String text = Files.readString(file);
            assertThat(text).contains("-- NOT GENERATED");
            assertThat(SqlScript.split(text).stream().map(st -> SqlScript.withoutComments(st.sql()).strip())
                    .filter(st -> !st.isEmpty())).as("statements of %s", file.getFileName()).isEmpty();
        }
    }
}
