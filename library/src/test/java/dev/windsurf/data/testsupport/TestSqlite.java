package dev.windsurf.data.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh SQLite database files for tests, under the module's {@code target/test-tmp}. */
public final class TestSqlite {

    private TestSqlite() {
    }

    /** The directory tests write to (created). */
    public static Path tempDirectory() {
        String configured = System.getenv("WINDSURF_TEST_TMPDIR");
        Path dir = Path.of(configured != null ? configured : System.getProperty("java.io.tmpdir"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path for a new, not yet existing database file. */
    public static Path newDatabaseFile(String prefix) {
        try {
            Path file = Files.createTempFile(tempDirectory(), prefix, ".db");
            Files.delete(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
