package dev.windsurf.data.migration.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the project's migrations in a temporary source tree, to add files to or take them away. */
final class MigrationFixtures {

    /** The project's migrations source ({@code db/migration} and {@code db/undo}), from the library module. */
    static final Path PROJECT_DB = Path.of("..", "src-migrations", "src", "main", "resources", "db");

    private MigrationFixtures() {
    }

    /** Copies {@code db/migration} and {@code db/undo} under {@code root/db}; returns {@code root/db}. */
    static Path copyProjectMigrations(Path root) {
        Path db = root.resolve("db");
        for (String dir : new String[] {"migration", "undo"}) {
            Path target = db.resolve(dir);
            try (Stream<Path> files = Files.list(PROJECT_DB.resolve(dir))) {
                Files.createDirectories(target);
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return db;
    }

    static void write(Path file, String sql) {
        try {
            Files.writeString(file, sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --locations} and {@code --undo-location} for a copied tree. */
    static String[] locations(Path db) {
        return new String[] {"--locations", "filesystem:" + db.resolve("migration").toAbsolutePath(),
                "--undo-location", "filesystem:" + db.resolve("undo").toAbsolutePath()};
    }
}
