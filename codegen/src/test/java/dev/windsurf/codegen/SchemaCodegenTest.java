package dev.windsurf.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCodegenTest {

    private static final Path PROJECT_MIGRATIONS = Path.of("../src-migrations/src/main/resources/db/migration");

    @TempDir
    Path temp;
    private Path migrations;
    private Path output;
    private Path schemaPackage;

    @BeforeEach
    void copyTheProjectMigrations() throws IOException {
        migrations = Files.createDirectories(temp.resolve("migrations"));
        try (Stream<Path> files = Files.list(PROJECT_MIGRATIONS)) {
            for (Path file : files.toList()) {
                Files.copy(file, migrations.resolve(file.getFileName()));
            }
        }
        output = temp.resolve("generated");
        schemaPackage = output.resolve("dev/windsurf/data/schema");
    }

    private SchemaCodegen codegen() {
        return SchemaCodegen.builder(migrations, output).workDirectory(temp.resolve("work")).build();
    }

    @Test
    void shouldGenerateTablesRecordsPojosDaosAndTheSchemaVersion() throws IOException {
        SchemaCodegen.Result result = codegen().generate();

        assertThat(result.skipped()).isFalse();
        assertThat(result.schemaVersion()).isEqualTo("3");
        assertThat(result.migrationCount()).isEqualTo(3);
        for (String file : new String[] {"Tables.java", "Keys.java", "Indexes.java", "tables/Users.java",
                "tables/records/UsersRecord.java", "tables/pojos/Projects.java", "tables/daos/OrganizationsDao.java"}) {
            assertThat(schemaPackage.resolve(file)).isRegularFile();
        }
        String info = Files.readString(schemaPackage.resolve("SchemaMigrations.java"));
        assertThat(info).contains("VERSION = \"3\"", "\"V1__create_organizations.sql\"", result.fingerprint());
        assertThat(Files.readString(schemaPackage.resolve("tables/Users.java")))
                .contains("TableField<UsersRecord, Instant> CREATED_AT")
                .doesNotContain("flyway_schema_history");
        assertThat(schemaPackage.resolve("tables/FlywaySchemaHistory.java")).doesNotExist();
    }

    @Test
    void shouldSkipMigrateAndGenerateWhenNothingChanged() throws IOException {
        codegen().generate();
        Path users = schemaPackage.resolve("tables/Users.java");
        FileTime before = Files.getLastModifiedTime(users);

        SchemaCodegen.Result second = codegen().generate();

        assertThat(second.skipped()).isTrue();
        assertThat(Files.getLastModifiedTime(users)).isEqualTo(before);
    }

    @Test
    void shouldRegenerateWhenAMigrationIsAdded() throws IOException {
        codegen().generate();
        Files.writeString(migrations.resolve("V4__create_tags.sql"), """
                CREATE TABLE tags (
                    id   TEXT NOT NULL,
                    name TEXT NOT NULL,
                    CONSTRAINT pk_tags PRIMARY KEY (id)
                );
                """);

        SchemaCodegen.Result result = codegen().generate();

        assertThat(result.skipped()).isFalse();
        assertThat(result.schemaVersion()).isEqualTo("4");
        assertThat(schemaPackage.resolve("tables/Tags.java")).isRegularFile();
        assertThat(schemaPackage.resolve("tables/daos/TagsDao.java")).isRegularFile();
    }

    @Test
    void shouldRegenerateWhenTheOutputWasDeleted() throws IOException {
        codegen().generate();
        Files.delete(schemaPackage.resolve(SchemaCodegen.INFO_CLASS + ".java"));

        assertThat(codegen().generate().skipped()).isFalse();
        assertThat(schemaPackage.resolve(SchemaCodegen.INFO_CLASS + ".java")).isRegularFile();
    }

    @Test
    void shouldNameTheBrokenMigrationWhenOneFails() throws IOException {
        Files.writeString(migrations.resolve("V4__broken.sql"), "CREATE TABLE oops (;\n");

        assertThatThrownBy(() -> codegen().generate())
                .isInstanceOf(SchemaCodegen.CodegenException.class)
                .hasMessageContaining("V4__broken.sql");
        assertThat(temp.resolve("work/fingerprint.sha256")).doesNotExist();
    }

    @Test
    void shouldRefuseAMissingOrEmptyMigrationsDirectory() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));

        assertThatThrownBy(() -> SchemaCodegen.builder(temp.resolve("nowhere"), output).build().generate())
                .isInstanceOf(SchemaCodegen.CodegenException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> SchemaCodegen.builder(empty, output).build().generate())
                .isInstanceOf(SchemaCodegen.CodegenException.class)
                .hasMessageContaining("No .sql migration found");
    }

    @Test
    void shouldRejectInvalidSettings() {
        assertThatThrownBy(() -> SchemaCodegen.builder(migrations, output).packageName("Not-A.Package"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not-A.Package");
        assertThatThrownBy(() -> SchemaCodegen.builder(migrations, output).instantBinding("NoPackage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NoPackage");
        assertThatThrownBy(() -> SchemaCodegen.builder(null, output))
                .isInstanceOf(NullPointerException.class).hasMessage("migrationsDirectory cannot be null");
    }
}
