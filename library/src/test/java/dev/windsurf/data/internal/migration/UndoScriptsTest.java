package dev.windsurf.data.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.migration.MigrationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every migration can be downgraded: each {@code V<n>__<description>.sql} has its {@code U<n>__<description>.sql},
 * and no undo script is left without its migration. Checked on the class path (what ships) and in the source tree
 * (what the next build ships).
 */
class UndoScriptsTest {

    private static final Path SOURCE = Path.of("..", "src-migrations", "src", "main", "resources", "db");

    @Test
    void shouldShipAnUndoScriptForEveryMigrationAndNoOrphan() {
        MigrationFiles files = new MigrationFiles(getClass().getClassLoader(),
                List.of(MigrationSettings.DEFAULT_LOCATION), MigrationSettings.DEFAULT_UNDO_LOCATION);

        List<String> expected = files.versioned().stream().map(f -> MigrationFiles.undoName(f.name())).toList();
        List<String> shipped = files.undoScripts().stream().map(MigrationFiles.ScriptFile::name).toList();

        assertThat(expected).isNotEmpty();
        assertThat(shipped).as("undo scripts on the class path at db/undo").containsExactlyElementsOf(expected);
        assertThat(expected).allSatisfy(name -> assertThat(files.readUndo(name)).as(name).isPresent());
    }

    @Test
    void shouldHaveAnUndoScriptNextToEveryMigrationInTheSourceTree() throws IOException {
        List<String> migrations = names(SOURCE.resolve("migration"), "V");
        List<String> undos = names(SOURCE.resolve("undo"), "U");

        assertThat(migrations).isNotEmpty();
        assertThat(undos).as("db/undo must hold U<n>__<same description>.sql for every db/migration/V<n>…")
                .containsExactlyElementsOf(migrations.stream().map(MigrationFiles::undoName).toList());
    }

    private static List<String> names(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
    }

    private static int version(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
