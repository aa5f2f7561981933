package dev.windsurf.codegen;

import dev.windsurf.codegen.internal.ClassPathSets;
import dev.windsurf.codegen.internal.LintGate;
import java.io.File;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Applies the migrations to a fresh SQLite database under {@code target/} (or, for a PostgreSQL-only set, a
 * throwaway PostgreSQL database) and generates jOOQ classes from it, then adds the output to the compile source roots.
 * With {@code schemaName}, the migrations form a migration set: the migration sets found on the project's compile
 * class path are applied first (this set depends on them; their tables are not generated again), and a descriptor
 * ({@value SchemaCodegen#DESCRIPTOR}) is added to the resources so that the runtime, the test kit and the {@code db}
 * commands find the set with no code. Skipped when the migrations and settings are unchanged since the last run. See
 * {@link SchemaCodegen}.
 *
 * <pre>{@code
 * <configuration>
 *   <schemaName>notes</schemaName>                        <!-- src/main/resources/db/notes/migration/V1__….sql -->
 *   <packageName>com.example.notes.schema</packageName>
 * </configuration>
 * }</pre>
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
public class GenerateMojo extends AbstractMojo {

    /** Created by Maven, which then sets the parameters from the plugin's configuration. */
    public GenerateMojo() {
    }

    /**
     * The migration set's name: lower-case letters, digits and underscores (default: none; then
     * {@code migrationsDirectory} is required and no descriptor is written).
     */
    @Parameter(property = "windsurf.codegen.schemaName")
    private String schemaName;

    /**
     * The directory holding the {@code V<n>__<description>.sql} files (default with {@code schemaName}:
     * {@code src/main/resources/db/<schemaName>/migration}).
     */
    @Parameter(property = "windsurf.codegen.migrationsDirectory")
    private File migrationsDirectory;

    /**
     * Where the runtime finds the migrations on the class path, as a Flyway location (default:
     * {@code classpath:db/<schemaName>/migration}).
     */
    @Parameter(property = "windsurf.codegen.migrationsLocation")
    private String migrationsLocation;

    /** Where the runtime finds the undo scripts (default: {@code classpath:db/<schemaName>/undo}). */
    @Parameter(property = "windsurf.codegen.undoLocation")
    private String undoLocation;

    /** The set's history table (default: {@code <schemaName>_schema_history}). */
    @Parameter(property = "windsurf.codegen.historyTable")
    private String historyTable;

    /**
     * Whether the set targets PostgreSQL only (default: false). Its classes are then generated from a throwaway
     * database on a PostgreSQL server ({@code postgresUrl}), so that enums, arrays and {@code jsonb} get proper types,
     * and the runtime refuses the set on SQLite.
     */
    @Parameter(property = "windsurf.codegen.postgresOnly", defaultValue = "false")
    private boolean postgresOnly;

    /**
     * For PostgreSQL-only sets: a JDBC URL of a server where the build may create and drop a database (default: the
     * environment variable {@code WINDSURF_CODEGEN_POSTGRES_URL}).
     */
    @Parameter(property = "windsurf.codegen.postgresUrl")
    private String postgresUrl;

    /** The resources root the set's descriptor is written to. */
    @Parameter(property = "windsurf.codegen.resourcesDirectory",
            defaultValue = "${project.build.directory}/generated-resources/windsurf-codegen")
    private File resourcesDirectory;

    /** The source root the classes are written to. */
    @Parameter(property = "windsurf.codegen.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/windsurf-jooq")
    private File outputDirectory;

    /** Where the SQLite database and the fingerprint of the last run are kept. */
    @Parameter(property = "windsurf.codegen.workDirectory", defaultValue = "${project.build.directory}/windsurf-codegen")
    private File workDirectory;

    /** The Java package of the generated classes. */
    @Parameter(property = "windsurf.codegen.packageName", defaultValue = "dev.windsurf.data.schema")
    private String packageName;

    /** An {@code org.jooq.Binding<OffsetDateTime, Instant>} class for TIMESTAMP WITH TIME ZONE columns (default: none). */
    @Parameter(property = "windsurf.codegen.instantBinding")
    private String instantBinding;

    /** The type of columns named like {@code *password*} (default: none, they stay String); needs the converter. */
    @Parameter(property = "windsurf.codegen.passwordHashType")
    private String passwordHashType;

    /** The {@code org.jooq.Converter<String, passwordHashType>} of those columns. */
    @Parameter(property = "windsurf.codegen.passwordHashConverter")
    private String passwordHashConverter;
    /**
     * The highest released migration version (default: none). The migrations are linted on every run; an error in
     * a migration above this version fails the build, at or below it only prints a warning.
     */
    @Parameter(property = "windsurf.codegen.lintReleasedThrough")
    private String lintReleasedThrough;

    /** Generate even when nothing changed. */
    @Parameter(property = "windsurf.codegen.force", defaultValue = "false")
    private boolean force;

    /** Skip the step entirely (the existing output, if any, is still compiled). */
    @Parameter(property = "windsurf.codegen.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("windsurf-codegen skipped (windsurf.codegen.skip=true)");
        } else {
            if (migrationsDirectory == null && schemaName == null) {
                throw new MojoExecutionException("windsurf-codegen needs <schemaName> (migrations in "
                        + "src/main/resources/db/<schemaName>/migration) or <migrationsDirectory>");
            }
            File migrations = migrationsDirectory != null ? migrationsDirectory
                    : new File(project.getBasedir(), "src/main/resources/db/" + schemaName + "/migration");
            try (ClassPathSets sets = ClassPathSets.of(compileClassPath(), schemaName)) {
                LintGate.check(migrations.toPath(), lintReleasedThrough, postgresOnly, getLog()::warn);
                SchemaCodegen.Builder builder = SchemaCodegen.builder(migrations.toPath(), outputDirectory.toPath())
                        .workDirectory(workDirectory.toPath())
                        .packageName(packageName)
                        .instantBinding(instantBinding != null ? instantBinding : sets.defaultInstantBinding())
                        .passwordHashType(passwordHashType, passwordHashConverter)
                        .force(force)
                        .log(getLog()::info);
                if (schemaName != null) {
                    builder.setName(schemaName)
                            .historyTable(historyTable)
                            .runtimeLocations(migrationsLocation, undoLocation)
                            .dependencies(sets.dependencies())
                            .descriptorDirectory(resourcesDirectory.toPath())
                            .postgresOnly(postgresOnly, postgresUrl);
                    if (!sets.dependencies().isEmpty()) {
                        getLog().info("Migration set " + schemaName + " depends on "
                                + sets.dependencies().stream().map(SchemaCodegen.DependencySet::name).toList()
                                + " (found on the class path)");
                    }
                } else if (postgresOnly) {
                    throw new MojoExecutionException("postgresOnly needs <schemaName>");
                }
                builder.build().generate();
            } catch (SchemaCodegen.CodegenException | IllegalArgumentException | IllegalStateException e) {
                throw new MojoExecutionException(e.getMessage(), e);
            }
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        if (schemaName != null) {
            Resource resource = new Resource();
            resource.setDirectory(resourcesDirectory.getAbsolutePath());
            if (project.getResources().stream().noneMatch(r -> resource.getDirectory().equals(r.getDirectory()))) {
                project.addResource(resource);
            }
        }
    }

    private List<String> compileClassPath() throws MojoExecutionException {
        try {
            return project.getCompileClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("Cannot resolve the compile class path: " + e.getMessage(), e);
        }
    }
}
