package dev.windsurf.codegen;

import dev.windsurf.codegen.internal.ScratchDatabase;
import dev.windsurf.codegen.internal.SecretMaskingGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
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
    private static final Pattern SET_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
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
    private final String setName;
    private final String historyTable;
    private final String migrationsLocation;
    private final String undoLocation;
    private final List<DependencySet> dependencies;
    private final Path descriptorDirectory;
    private final boolean postgresOnly;
    private final String postgresUrl;

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
        this.setName = b.setName;
        this.historyTable = b.historyTable != null ? b.historyTable
                : b.setName == null ? DEFAULT_HISTORY_TABLE : b.setName + "_schema_history";
        this.migrationsLocation = b.migrationsLocation != null ? b.migrationsLocation
                : b.setName == null ? "classpath:db/migration" : "classpath:db/" + b.setName + "/migration";
        this.undoLocation = b.undoLocation != null ? b.undoLocation
                : b.setName == null ? "classpath:db/undo" : "classpath:db/" + b.setName + "/undo";
        this.dependencies = List.copyOf(b.dependencies);
        this.descriptorDirectory = b.descriptorDirectory == null ? null
                : b.descriptorDirectory.toAbsolutePath().normalize();
        this.postgresOnly = b.postgresOnly;
        this.postgresUrl = b.postgresUrl;
    }

    /** Where a set's descriptor goes, inside the resources; the runtime finds every set through it. */
    public static final String DESCRIPTOR = "META-INF/windsurf/migration-set.properties";

    /** Flyway's default history table. */
    public static final String DEFAULT_HISTORY_TABLE = "flyway_schema_history";

    /**
     * A migration set this one depends on, found on the class path: applied first, its tables left out of the
     * generated classes.
     *
     * @param name         its name
     * @param historyTable its history table
     * @param locations    its Flyway locations, read through {@code loader}
     * @param loader       the class loader its {@code classpath:} locations are read with
     * @param fingerprint  its own fingerprint (from its descriptor), or null
     */
    public record DependencySet(String name, String historyTable, List<String> locations, ClassLoader loader,
                                String fingerprint) {

        /**
         * Checks that the name, the history table and the class loader are present, and copies the locations.
         *
         * @throws NullPointerException when {@code name}, {@code historyTable}, {@code locations} or {@code loader} is
         *                              null
         */
        public DependencySet {
            Objects.requireNonNull(name, "name cannot be null");
            Objects.requireNonNull(historyTable, "historyTable cannot be null");
            locations = List.copyOf(locations);
            Objects.requireNonNull(loader, "loader cannot be null");
        }
    }

    /**
     * Starts a configuration.
     *
     * @param migrationsDirectory the directory holding the {@code V<n>__<description>.sql} files (searched recursively)
     * @param outputDirectory     the source root the Java classes are written to; its package directory is replaced
     * @return a builder over those directories; not thread-safe
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
        Path descriptorFile = descriptorDirectory == null ? null : descriptorDirectory.resolve(DESCRIPTOR);
        if (!force && Files.isRegularFile(infoFile) && (descriptorFile == null || Files.isRegularFile(descriptorFile))
                && fingerprint.equals(readQuietly(fingerprintFile))) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.accept("Schema classes are up to date with " + scripts.size() + " migration(s) in " + migrationsDirectory
                    + ": migrate and generate skipped (checked in " + took.toMillis() + " ms)");
            return new Result(true, null, scripts.size(), fingerprint, took);
        }
        try {
            Files.createDirectories(workDirectory);
            Files.deleteIfExists(fingerprintFile);
            String version;
            List<MigrationInfo> applied;
            try (ScratchDatabase database = postgresOnly ? ScratchDatabase.postgres(postgresUrl, log)
                    : ScratchDatabase.sqlite(workDirectory.resolve("schema.db"))) {
                List<String> dependencyTables = applyDependencies(database);
                applied = migrate(database, scripts.size());
                version = applied.getLast().getVersion().getVersion();
                generateClasses(database, dependencyTables);
            }
            writeInfoClass(infoFile, version, fingerprint, applied);
            if (descriptorFile != null) {
                writeDescriptor(descriptorFile, version, fingerprint);
            }
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
            List<String> settings = new java.util.ArrayList<>(List.of(GENERATOR_REVISION, org.jooq.Constants.VERSION,
                    packageName, Objects.toString(instantBinding, ""), Objects.toString(setName, ""), historyTable,
                    migrationsLocation, undoLocation, Boolean.toString(postgresOnly),
                    Objects.toString(passwordHashType, ""), Objects.toString(passwordHashConverter, "")));
            for (DependencySet d : dependencies) {
                settings.add(d.name() + "=" + d.historyTable() + "|" + d.locations() + "|" + d.fingerprint());
            }
            for (String setting : settings) {
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

    /** Applies every dependency set, in order; returns the tables they made, which are not generated again. */
    private List<String> applyDependencies(ScratchDatabase database) {
        for (DependencySet d : dependencies) {
            Flyway flyway = Flyway.configure(d.loader())
                    .loggers("slf4j")
                    .dataSource(database.dataSource())
                    .locations(d.locations().toArray(String[]::new))
                    .table(d.historyTable())
                    .failOnMissingLocations(true)
                    .cleanDisabled(true)
                    // the scratch database is thrown away: a baseline record is harmless where sets are stacked
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load();
            try {
                MigrateResult result = flyway.migrate();
                log.accept("Applied migration set " + d.name() + " first (" + result.migrationsExecuted
                        + " migration(s)): this set depends on it");
            } catch (RuntimeException e) {
                throw new CodegenException("Applying migration set " + d.name() + ", which this set depends on, "
                        + "failed: " + e.getMessage(), e);
            }
        }
        return dependencies.isEmpty() ? List.of() : database.tables();
    }

    private List<MigrationInfo> migrate(ScratchDatabase database, int scriptCount) {
        Flyway flyway = Flyway.configure(SchemaCodegen.class.getClassLoader())
                .loggers("slf4j") // Maven's own log, not java.util.logging's unformatted lines
                .dataSource(database.dataSource())
                .locations("filesystem:" + migrationsDirectory)
                .table(historyTable)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .baselineOnMigrate(!dependencies.isEmpty())
                .baselineVersion("0")
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (RuntimeException e) {
            throw new CodegenException("Applying the migrations in " + migrationsDirectory + " to "
                    + database.engineName() + " failed: " + e.getMessage(), e);
        }
        List<MigrationInfo> applied = java.util.Arrays.stream(flyway.info().applied())
                .filter(m -> m.getType() != org.flywaydb.core.api.CoreMigrationType.BASELINE)
                .toList();
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

    private void generateClasses(ScratchDatabase database, List<String> dependencyTables) {
        StringBuilder excludes = new StringBuilder(DEFAULT_HISTORY_TABLE + "|.*_schema_history|"
                + Pattern.quote(historyTable) + "|sqlite_sequence|sqlite_.*");
        for (String table : dependencyTables) {
            excludes.append('|').append(Pattern.quote(table));
        }
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
                        .withDatabase(database.configure(new Database()
                                .withIncludes(".*")
                                .withExcludes(excludes.toString())
                                .withOutputSchemaToDefault(true)
                                .withForcedTypes(passwordHashType == null ? List.of(instants)
                                        : List.of(instants, passwordHashes()))))
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
        try (Connection connection = database.dataSource().getConnection()) {
            GenerationTool tool = new GenerationTool();
            tool.setConnection(connection);
            tool.run(configuration);
        } catch (SQLException e) {
            throw new CodegenException("Cannot open the scratch " + database.engineName() + " database: "
                    + e.getMessage(), e);
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

    private void writeDescriptor(Path file, String version, String fingerprint) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Written by windsurf-codegen: the runtime finds this migration set through this file. Do not edit.\n");
        out.append("name=").append(setName).append('\n');
        out.append("locations=").append(migrationsLocation).append('\n');
        out.append("undoLocation=").append(undoLocation).append('\n');
        out.append("historyTable=").append(historyTable).append('\n');
        out.append("dependsOn=").append(String.join(",", dependencies.stream().map(DependencySet::name).toList()))
                .append('\n');
        out.append("postgresOnly=").append(postgresOnly).append('\n');
        out.append("codeVersion=").append(version).append('\n');
        out.append("schemaClass=").append(packageName).append(".DefaultSchema\n");
        out.append("fingerprint=").append(fingerprint).append('\n');
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
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
        private String setName;
        private String historyTable;
        private String migrationsLocation;
        private String undoLocation;
        private final List<DependencySet> dependencies = new java.util.ArrayList<>();
        private Path descriptorDirectory;
        private boolean postgresOnly;
        private String postgresUrl;

        private Builder(Path migrationsDirectory, Path outputDirectory) {
            this.migrationsDirectory = Objects.requireNonNull(migrationsDirectory, "migrationsDirectory cannot be null");
            this.outputDirectory = Objects.requireNonNull(outputDirectory, "outputDirectory cannot be null");
        }

        /**
         * Where the SQLite database and the fingerprint are kept (default: {@code <outputDirectory>-work}).
         *
         * @param directory the work directory; not null
         * @return this builder
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "workDirectory cannot be null");
            return this;
        }

        /**
         * The Java package of the generated classes (default: {@code dev.windsurf.data.schema}).
         *
         * @param name a lower-case Java package name
         * @return this builder
         * @throws IllegalArgumentException when it is not a lower-case Java package name
         */
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
         *
         * @param className the binding's fully qualified class name, or null for none
         * @return this builder
         * @throws IllegalArgumentException when it is not a fully qualified class name
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
         * @param type      the fully qualified name of the password hash type, or null for none (a plain string)
         * @param converter the fully qualified name of its {@code org.jooq.Converter<String, type>}, or null with the
         *                  type
         * @return this builder
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

        /**
         * Generate even when nothing changed (default: false).
         *
         * @param force true to generate on every run
         * @return this builder
         */
        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        /**
         * Receives one line per run saying what was done (default: discarded).
         *
         * @param log the receiver of the lines; not null
         * @return this builder
         */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log cannot be null");
            return this;
        }

        /**
         * Makes the migrations a named migration set (default: none, classes only): its descriptor
         * ({@value #DESCRIPTOR}) is written under {@link #descriptorDirectory} so that the runtime finds it.
         *
         * @param name the set's name, or null for none
         * @return this builder
         * @throws IllegalArgumentException when the name is not lower-case letters, digits and underscores
         */
        public Builder setName(String name) {
            if (name != null && !SET_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("schemaName '" + name + "' must be lower-case letters, digits and "
                        + "underscores, starting with a letter, at most 40 characters");
            }
            this.setName = name;
            return this;
        }

        /**
         * The set's history table (default: {@code <setName>_schema_history}).
         *
         * @param table a lower-case SQL name, or null for the default
         * @return this builder
         * @throws IllegalArgumentException when it is not a lower-case SQL name
         */
        public Builder historyTable(String table) {
            if (table != null && !TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("historyTable '" + table + "' must be a lower-case SQL name");
            }
            this.historyTable = table;
            return this;
        }

        /**
         * Where the runtime finds the set's files, as Flyway locations (default: {@code classpath:db/<setName>/migration}
         * and {@code classpath:db/<setName>/undo}).
         *
         * @param migrations the location of the migration files, or null for the default
         * @param undo       the location of the undo scripts, or null for the default
         * @return this builder
         */
        public Builder runtimeLocations(String migrations, String undo) {
            this.migrationsLocation = migrations;
            this.undoLocation = undo;
            return this;
        }

        /**
         * Sets this one depends on, in dependency order (default: none).
         *
         * @param sets the sets, in dependency order; not null
         * @return this builder
         */
        public Builder dependencies(List<DependencySet> sets) {
            this.dependencies.clear();
            this.dependencies.addAll(Objects.requireNonNull(sets, "sets cannot be null"));
            return this;
        }

        /**
         * The resources root the descriptor is written to (default: none, no descriptor).
         *
         * @param directory the resources root, or null for none
         * @return this builder
         */
        public Builder descriptorDirectory(Path directory) {
            this.descriptorDirectory = directory;
            return this;
        }

        /**
         * Generate from a throwaway PostgreSQL database instead of SQLite (default: false), so that enums, arrays,
         * {@code jsonb} and other PostgreSQL types get proper jOOQ types; the set is then marked PostgreSQL-only.
         *
         * @param postgresOnly true to generate from PostgreSQL
         * @param serverUrl a JDBC URL of a server where the build may create and drop a database, or null
         * @return this builder
         */
        public Builder postgresOnly(boolean postgresOnly, String serverUrl) {
            this.postgresOnly = postgresOnly;
            this.postgresUrl = serverUrl;
            return this;
        }

        /** {@return the immutable step} */
        public SchemaCodegen build() {
            if (descriptorDirectory != null && setName == null) {
                throw new IllegalStateException("A descriptor needs a set name (schemaName)");
            }
            return new SchemaCodegen(this);
        }
    }
}
