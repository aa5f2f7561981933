package dev.windsurf.data.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration sets: defaults, dependency order, and the descriptors the codegen plugin writes. */
class MigrationSetTest {

    @TempDir
    Path temp;

    @Test
    void shouldDeriveLocationsAndHistoryTableFromTheName() {
        MigrationSet notes = MigrationSet.builder("notes").build();

        assertThat(notes.locations()).containsExactly("classpath:db/notes/migration");
        assertThat(notes.undoLocation()).isEqualTo("classpath:db/notes/undo");
        assertThat(notes.historyTable()).isEqualTo("notes_schema_history");
        assertThat(notes.settings().historyTable()).isEqualTo("notes_schema_history");
    }

    @Test
    void shouldKeepFlywaysDefaultHistoryTableForTheDefaultLocation() {
        MigrationSet legacy = MigrationSet.builder("windsurf").locations("classpath:db/migration").build();

        assertThat(legacy.historyTable()).isEqualTo("flyway_schema_history");
    }

    @Test
    void shouldRefuseMalformedNamesAndTables() {
        assertThatThrownBy(() -> MigrationSet.builder("Notes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> MigrationSet.builder("notes").historyTable("x; DROP TABLE users"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("historyTable");
        assertThatThrownBy(() -> MigrationSet.builder("notes").dependsOn("notes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
        assertThatThrownBy(() -> MigrationSet.builder("notes").locations("db/notes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classpath:");
    }

    @Test
    void shouldOrderSetsAfterTheSetsTheyDependOn() {
        MigrationSet a = MigrationSet.builder("zeta").build();
        MigrationSet b = MigrationSet.builder("alpha").dependsOn("zeta").build();
        MigrationSet c = MigrationSet.builder("beta").dependsOn("alpha", "zeta").build();
        MigrationSet d = MigrationSet.builder("gamma").build();

        assertThat(MigrationSet.inDependencyOrder(List.of(c, b, d, a))).extracting(MigrationSet::name)
                .containsExactly("gamma", "zeta", "alpha", "beta");
    }

    @Test
    void shouldRefuseMissingDependenciesCyclesAndSharedHistories() {
        MigrationSet orphan = MigrationSet.builder("orphan").dependsOn("gone").build();
        MigrationSet x = MigrationSet.builder("x").dependsOn("y").build();
        MigrationSet y = MigrationSet.builder("y").dependsOn("x").build();
        MigrationSet one = MigrationSet.builder("one").historyTable("shared_history").build();
        MigrationSet two = MigrationSet.builder("two").historyTable("shared_history").build();

        assertThatThrownBy(() -> MigrationSet.inDependencyOrder(List.of(orphan)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'orphan' depends on set 'gone'");
        assertThatThrownBy(() -> MigrationSet.inDependencyOrder(List.of(x, y)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> MigrationSet.inDependencyOrder(List.of(one, two)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("share the history table");
    }

    @Test
    void shouldDiscoverEveryDescriptorOnTheClassPathInDependencyOrder() throws IOException {
        Path service = descriptor("service", """
                name=notes
                locations=classpath:db/notes/migration
                historyTable=notes_schema_history
                dependsOn=base
                postgresOnly=false
                codeVersion=4
                schemaClass=com.example.notes.schema.DefaultSchema
                """);
        Path base = descriptor("base", "name=base\ncodeVersion=3\n");

        try (URLClassLoader loader = loader(service, base)) {
            List<MigrationSet> sets = MigrationSet.discover(loader);

            assertThat(sets).extracting(MigrationSet::name).containsExactly("base", "notes");
            MigrationSet notes = sets.get(1);
            assertThat(notes.dependsOn()).containsExactly("base");
            assertThat(notes.codeVersion()).isEqualTo("4");
            assertThat(notes.schemaClass()).isEqualTo("com.example.notes.schema.DefaultSchema");
            assertThat(notes.origin()).endsWith(MigrationSet.DESCRIPTOR);
            assertThat(notes.classLoader()).isSameAs(loader);
            assertThat(sets.getFirst().historyTable()).isEqualTo("base_schema_history");
        }
    }

    @Test
    void shouldNameTheFileOfAMalformedDescriptor() throws IOException {
        Path bad = descriptor("bad", "name=notes\npostgresOnly=maybe\n");

        try (URLClassLoader loader = loader(bad)) {
            assertThatThrownBy(() -> MigrationSet.discover(loader)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bad/" + MigrationSet.DESCRIPTOR)
                    .hasMessageContaining("postgresOnly must be true or false");
        }
    }

    @Test
    void shouldRefuseTwoDifferentSetsOfOneName() throws IOException {
        Path first = descriptor("first", "name=notes\ncodeVersion=1\n");
        Path second = descriptor("second", "name=notes\ncodeVersion=2\n");

        try (URLClassLoader loader = loader(first, second)) {
            assertThatThrownBy(() -> MigrationSet.discover(loader)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Two different migration sets are named 'notes'");
        }
    }

    private Path descriptor(String root, String text) throws IOException {
        Path file = temp.resolve(root).resolve(MigrationSet.DESCRIPTOR);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return temp.resolve(root);
    }

    private static URLClassLoader loader(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }
}
