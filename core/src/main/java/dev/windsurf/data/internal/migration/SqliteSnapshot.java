package dev.windsurf.data.internal.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private copy of an SQLite database file, for commands that must not change the file at all (not even by
 * opening it: a connection to a WAL database creates {@code -wal} and {@code -shm} files, and the last one to close
 * checkpoints into the database). The file and its {@code -wal} are copied byte for byte into a directory only the
 * owner can read, and the copy is checked ({@code PRAGMA quick_check}); a copy torn by a concurrent writer is taken
 * again. {@link #close()} deletes the copy. Not thread-safe.
 */
public final class SqliteSnapshot implements AutoCloseable {

    private static final int ATTEMPTS = 5;

    private final Path directory;
    private final Path copy;

    private SqliteSnapshot(Path directory, Path copy) {
        this.directory = directory;
        this.copy = copy;
    }

    /**
     * Copies {@code file} (and its {@code -wal}, when there is one).
     *
     * @throws UncheckedIOException  when the file cannot be read or the copy written
     * @throws IllegalStateException when no consistent copy could be taken
     */
    public static SqliteSnapshot of(Path file) {
        Path directory;
        try {
            directory = Files.createTempDirectory("windsurf-snapshot-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            try {
                directory = Files.createTempDirectory("windsurf-snapshot-");
            } catch (IOException io) {
                throw new UncheckedIOException("Cannot create a directory for a copy of " + file, io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for a copy of " + file, e);
        }
        Path copy = directory.resolve("copy.db");
        String problem = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Path wal = file.resolveSibling(file.getFileName() + "-wal");
                Files.deleteIfExists(copy.resolveSibling("copy.db-wal"));
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                if (Files.exists(wal)) {
                    Files.copy(wal, copy.resolveSibling("copy.db-wal"), StandardCopyOption.REPLACE_EXISTING);
                }
                problem = check(copy);
                if (problem == null) {
                    return new SqliteSnapshot(directory, copy);
                }
            } catch (IOException e) {
                delete(directory);
                throw new UncheckedIOException("Cannot copy " + file + ": " + e.getMessage(), e);
            }
        }
        delete(directory);
        throw new IllegalStateException("Cannot take a consistent copy of " + file + " (" + problem + "): another "
                + "process keeps writing to it. Try again when it is quieter.");
    }

    /** The copy's path. */
    public Path file() {
        return copy;
    }

    private static String check(Path copy) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String result = rs.next() ? rs.getString(1) : "no result";
            return "ok".equals(result) ? null : result;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    @Override
    public void close() {
        delete(directory);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory; nothing depends on it any more
        }
    }
}
