package dev.windsurf.codegen;

import dev.windsurf.codegen.internal.SecretMaskingGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.OnError;
import org.jooq.meta.jaxb.Target;

/**
 * The build step: applies a directory of Flyway SQL migrations to a fresh SQLite database and generates jOOQ
 * classes (tables, records, POJOs, DAOs, keys, indexes) from the result, plus a {@value #INFO_CLASS} class that
 * records which migrations the classes were generated from.
 *
 * <p>No server and no Docker are needed: the database is an SQLite file inside the work directory, deleted and
 * created afresh on every run. When the migrations and the settings are unchanged since the last run (same SHA-256
 * fingerprint, recorded in the work directory) and the output is still there, the run is skipped.
 *
 * <p>Instances are immutable and thread-safe, but two runs must not share a work or output directory at once.
 */
public final class SchemaCodegen {

    /** Name of the class written next to the generated jOOQ classes. */
    public static final String INFO_CLASS = "SchemaMigrations";

    /** Bumped whenever this generator's output changes for the same input, so that old output is regenerated. */
    private static final String GENERATOR_REVISION = "2";
    private static final String FINGERPRINT_FILE = "fingerprint.sha256";
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");

    private final Path migrationsDirectory;
    private final Path outputDirectory;
    private final Path workDirectory;
    private final String packageName;
    private final String instantBinding;
    private final String passwordHashType;
    private final String passwordHashConverter;
    private final boolean force;
    private final Consumer<String> log;

    private SchemaCodegen(Builder b) {
        this.migrationsDirectory = b.migrationsDirectory.toAbsolutePath().normalize();
        this.outputDirectory = b.outputDirectory.toAbsolutePath().normalize();
        this.workDirectory = (b.workDirectory != null ? b.workDirectory
                : b.outputDirectory.resolveSibling(b.outputDirectory.getFileName() + "-work")).toAbsolutePath().normalize();
        this.packageName = b.packageName;
        this.instantBinding = b.instantBinding;
        this.passwordHashType = b.passwordHashType;
        this.passwordHashConverter = b.passwordHashConverter;
        this.force = b.force;
        this.log = b.log;
    }

    /**
     * Starts a configuration.
     *
     * @param migrationsDirectory the directory holding the {@code V<n>__<description>.sql} files (searched recursively)
     * @param outputDirectory     the source root the Java classes are written to; its package directory is replaced
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(Path migrationsDirectory, Path outputDirectory) {
        return new Builder(migrationsDirectory, outputDirectory);
    }

    /**
     * Runs the step, or skips it when nothing changed.
     *
     * @return what was done
     * @throws CodegenException when the migrations cannot be read, applied or turned into classes
     */
    public Result generate() {
        long start = System.nanoTime();
        List<Path> scripts = listMigrations();
        String fingerprint = fingerprint(scripts);
        Path fingerprintFile = workDirectory.resolve(FINGERPRINT_FILE);
        Path infoFile = outputDirectory.resolve(packageName.replace('.', '/')).resolve(INFO_CLASS + ".java");
        if (!force && Files.isRegularFile(infoFile) && fingerprint.equals(readQuietly(fingerprintFile))) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.accept("Schema classes are up to date with " + scripts.size() + " migration(s) in " + migrationsDirectory
                    + ": migrate and generate skipped (checked in " + took.toMillis() + " ms)");
            return new Result(true, null, scripts.size(), fingerprint, took);
        }
        try {
            Files.createDirectories(workDirectory);
            Files.deleteIfExists(fingerprintFile);
            Path database = workDirectory.resolve("schema.db");
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
            }
            String url = "jdbc:sqlite:" + database;
            List<MigrationInfo> applied = migrate(url, scripts.size());
            String version = applied.getLast().getVersion().getVersion();
            generateClasses(url);
            writeInfoClass(infoFile, version, fingerprint, applied);
            Files.writeString(fingerprintFile, fingerprint, StandardCharsets.UTF_8);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.accept("Generated jOOQ classes in " + packageName + " from " + applied.size()
                    + " migration(s), schema version " + version + ", in " + took.toMillis() + " ms");
            return new Result(false, version, applied.size(), fingerprint, took);
        } catch (IOException e) {
            throw new CodegenException("Cannot write generated code under " + outputDirectory + ": " + e.getMessage(), e);
        }
    }

    private List<Path> listMigrations() {
        if (!Files.isDirectory(migrationsDirectory)) {
            throw new CodegenException("Migrations directory " + migrationsDirectory + " does not exist or is not a directory");
        }
        try (Stream<Path> files = Files.walk(migrationsDirectory)) {
            List<Path> scripts = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .toList();
            if (scripts.isEmpty()) {
                throw new CodegenException("No .sql migration found in " + migrationsDirectory
                        + ": expected files named V<version>__<description>.sql");
            }
            return scripts;
        } catch (IOException e) {
            throw new CodegenException("Cannot list migrations in " + migrationsDirectory + ": " + e.getMessage(), e);
        }
    }

    private String fingerprint(List<Path> scripts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String setting : List.of(GENERATOR_REVISION, org.jooq.Constants.VERSION, packageName,
                    Objects.toString(instantBinding, ""), Objects.toString(passwordHashType, ""),
                    Objects.toString(passwordHashConverter, ""))) {
                digest.update(setting.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            for (Path script : scripts) {
                digest.update(migrationsDirectory.relativize(script).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(script));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new CodegenException("Cannot read migrations in " + migrationsDirectory + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private List<MigrationInfo> migrate(String url, int scriptCount) {
        Flyway flyway = Flyway.configure(SchemaCodegen.class.getClassLoader())
                .loggers("slf4j") // Maven's own log, not java.util.logging's unformatted lines
                .dataSource(url, null, null)
                .locations("filesystem:" + migrationsDirectory)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (RuntimeException e) {
            throw new CodegenException("Applying the migrations in " + migrationsDirectory + " to SQLite failed: "
                    + e.getMessage(), e);
        }
        List<MigrationInfo> applied = List.of(flyway.info().applied());
        if (applied.isEmpty() || !result.success) {
            throw new CodegenException("Flyway applied no migration from " + migrationsDirectory + " (" + scriptCount
                    + " .sql file(s) found): check that they are named V<version>__<description>.sql");
        }
        return applied;
    }

    /**
     * Columns named like {@code *password*} read as the password hash type, through its converter: its
     * {@code toString()} is what every printed form of a row shows (Result, formatJSON(), intoMap()).
     */
    private ForcedType passwordHashes() {
        return new ForcedType()
                .withUserType(passwordHashType)
                .withConverter(passwordHashConverter)
                .withIncludeExpression("(?i:(.*\\.)?[^.]*password[^.]*)")
                .withIncludeTypes(".*");
    }

    private void generateClasses(String url) {
        ForcedType instants = new ForcedType()
                .withUserType("java.time.Instant")
                .withIncludeTypes("(?i:TIMESTAMP\\s+WITH\\s+TIME\\s+ZONE|TIMESTAMPTZ)");
        if (instantBinding != null) {
            instants.withBinding(instantBinding);
        } else {
            instants.withUserType(null).withName("INSTANT");
        }
        Configuration configuration = new Configuration()
                .withLogging(Logging.WARN)
                .withOnError(OnError.FAIL)
                .withGenerator(new Generator()
                        .withName(SecretMaskingGenerator.class.getName())
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.sqlite.SQLiteDatabase")
                                .withIncludes(".*")
                                .withExcludes("flyway_schema_history|sqlite_sequence|sqlite_.*")
                                .withOutputSchemaToDefault(true)
                                .withForcedTypes(passwordHashType == null ? List.of(instants)
                                        : List.of(instants, passwordHashes())))
                        .withGenerate(new Generate()
                                .withRecords(true)
                                .withPojos(true)
                                .withPojosEqualsAndHashCode(true)
                                .withPojosToString(true)
                                .withDaos(true)
                                .withKeys(true)
                                .withIndexes(true)
                                .withJavaTimeTypes(true)
                                .withGeneratedAnnotation(false)
                                .withComments(true))
                        .withTarget(new Target()
                                .withPackageName(packageName)
                                .withDirectory(outputDirectory.toString())
                                .withClean(true)));
        String logo = System.setProperty("org.jooq.no-logo", "true");
        String tips = System.setProperty("org.jooq.no-tips", "true");
        try (Connection connection = DriverManager.getConnection(url)) {
            GenerationTool tool = new GenerationTool();
            tool.setConnection(connection);
            tool.run(configuration);
        } catch (SQLException e) {
            throw new CodegenException("Cannot open the generated SQLite database " + url + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new CodegenException("jOOQ code generation failed: " + e.getMessage(), e);
        } finally {
            restore("org.jooq.no-logo", logo);
            restore("org.jooq.no-tips", tips);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }

    private void writeInfoClass(Path file, String version, String fingerprint, List<MigrationInfo> applied)
            throws IOException {
        StringBuilder entries = new StringBuilder();
        for (MigrationInfo m : applied) {
            if (!entries.isEmpty()) {
                entries.append(",\n");
            }
            entries.append("            new Migration(").append(javaString(m.getVersion().getVersion())).append(", ")
                    .append(javaString(m.getDescription())).append(", ")
                    .append(javaString(m.getScript())).append(", ")
                    .append(m.getChecksum()).append(')');
        }
        String source = """
                package %1$s;

                import java.util.List;

                /**
                 * The migrations that the classes in this package were generated from.
                 *
                 * <p>Written by windsurf-codegen on every generation: do not edit. The runtime compares {@link #VERSION}
                 * with the database's Flyway history before it uses these classes.
                 */
                public final class %2$s {

                    /** The highest migration version the generated classes match. */
                    public static final String VERSION = %3$s;

                    /** SHA-256 over the migration files and the generator settings. */
                    public static final String FINGERPRINT = %4$s;

                    /** Every migration applied to generate these classes, oldest first. */
                    public static final List<Migration> MIGRATIONS = List.of(
                %5$s);

                    /**
                     * One migration.
                     *
                     * @param version     its Flyway version, e.g. {@code "3"}
                     * @param description its description, e.g. {@code "create projects"}
                     * @param script      its file name
                     * @param checksum    Flyway's checksum of the file
                     */
                    public record Migration(String version, String description, String script, int checksum) {
                    }

                    private %2$s() {
                    }
                }
                """.formatted(packageName, INFO_CLASS, javaString(version), javaString(fingerprint), entries);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
    }

    private static String javaString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What a run did.
     *
     * @param skipped        true when nothing changed and no work was done
     * @param schemaVersion  the highest migration version generated from, or null when skipped
     * @param migrationCount how many migration files were found
     * @param fingerprint    the SHA-256 fingerprint of the migrations and settings
     * @param duration       how long the run took
     */
    public record Result(boolean skipped, String schemaVersion, int migrationCount, String fingerprint,
                         Duration duration) {
    }

    /** Thrown when the build step fails; the message says which file or setting is at fault. */
    public static final class CodegenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CodegenException(String message) {
            super(message);
        }

        CodegenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Mutable and not thread-safe; {@link #build()} returns an immutable {@link SchemaCodegen}. */
    public static final class Builder {
        private final Path migrationsDirectory;
        private final Path outputDirectory;
        private Path workDirectory;
        private String packageName = "dev.windsurf.data.schema";
        private String instantBinding;
        private String passwordHashType;
        private String passwordHashConverter;
        private boolean force;
        private Consumer<String> log = message -> { };

        private Builder(Path migrationsDirectory, Path outputDirectory) {
            this.migrationsDirectory = Objects.requireNonNull(migrationsDirectory, "migrationsDirectory cannot be null");
            this.outputDirectory = Objects.requireNonNull(outputDirectory, "outputDirectory cannot be null");
        }

        /** Where the SQLite database and the fingerprint are kept (default: {@code <outputDirectory>-work}). */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "workDirectory cannot be null");
            return this;
        }

        /** The Java package of the generated classes (default: {@code dev.windsurf.data.schema}). */
        public Builder packageName(String name) {
            Objects.requireNonNull(name, "packageName cannot be null");
            if (!PACKAGE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("packageName '" + name + "' is not a valid lower-case Java package name");
            }
            this.packageName = name;
            return this;
        }

        /**
         * The fully qualified name of an {@code org.jooq.Binding<OffsetDateTime, Instant>} used for every
         * {@code TIMESTAMP WITH TIME ZONE} column (default: none, jOOQ's own {@code INSTANT} type). The class must be
         * on the class path where the generated code is compiled.
         */
        public Builder instantBinding(String className) {
            if (className != null && !CLASS_NAME.matcher(className).matches()) {
                throw new IllegalArgumentException("instantBinding '" + className + "' is not a fully qualified class name");
            }
            this.instantBinding = className;
            return this;
        }

        /**
         * The type of columns named like {@code *password*} and its {@code org.jooq.Converter<String, type>}, both
         * fully qualified (default: none, such columns stay {@code String}). Both must be on the class path where
         * the generated code is compiled.
         *
         * @throws IllegalArgumentException when a name is not a fully qualified class name, or only one is given
         */
        public Builder passwordHashType(String type, String converter) {
            if (type == null != (converter == null)) {
                throw new IllegalArgumentException("passwordHashType and passwordHashConverter go together: give both"
                        + " or neither");
            }
            for (String name : new String[] {type, converter}) {
                if (name != null && !CLASS_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' is not a fully qualified class name");
                }
            }
            this.passwordHashType = type;
            this.passwordHashConverter = converter;
            return this;
        }

        /** Generate even when nothing changed (default: false). */
        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        /** Receives one line per run saying what was done (default: discarded). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log cannot be null");
            return this;
        }

        /** Returns the immutable step. */
        public SchemaCodegen build() {
            return new SchemaCodegen(this);
        }
    }
}
