package dev.windsurf.data.internal.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates a new SQLite database file, and the directories above it, readable by their owner only (0600, 0700): the
 * database holds password hashes. SQLite gives its {@code -wal} and {@code -shm} files the permissions of the
 * database file, so they are 0600 too. An existing file keeps its permissions. On file systems without POSIX
 * permissions the platform's defaults apply. Stateless.
 */
final class SqliteFiles {

    private SqliteFiles() {
    }

    static void prepare(Path file) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, posix ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                        : new FileAttribute<?>[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory " + parent + " for SQLite database " + file
                    + ": " + e.getMessage(), e);
        }
        if (!posix || Files.exists(file)) {
            return;
        }
        try {
            // An empty file is a valid empty SQLite database: SQLite opens it and keeps its permissions.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // Created meanwhile by another process: it keeps the permissions it was given.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create SQLite database " + file + ": " + e.getMessage(), e);
        }
    }
}
