package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.ORGANIZATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.organization.OrganizationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new SQLite database holds password hashes: its files are readable by their owner only. */
class SqliteFilePermissionsTest {

    @Test
    void shouldCreateTheDatabaseAndItsWalAndShmFilesForTheOwnerOnly(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("data").resolve("windsurf.db");

        try (Database db = Database.start(DatabaseConfig.builder().url("jdbc:sqlite:" + file).build())) {
            new OrganizationService(db).create("Acme");
            int count = db.read(tx -> tx.fetchCount(ORGANIZATIONS));
            assertThat(count).isEqualTo(1);

            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            for (String name : new String[] {"windsurf.db", "windsurf.db-wal", "windsurf.db-shm"}) {
                Path part = file.resolveSibling(name);
                assertThat(part).as(name).exists();
                assertThat(Files.getPosixFilePermissions(part)).as(name).isEqualTo(ownerOnly);
            }
            assertThat(Files.getPosixFilePermissions(file.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }
}
