package dev.windsurf.codegen;

import dev.windsurf.codegen.internal.LintGate;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Applies the migrations to a fresh SQLite database under {@code target/} and generates jOOQ classes from it, then
 * adds the output to the compile source roots. Skipped when the migrations and settings are unchanged since the last
 * run. See {@link SchemaCodegen}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

    /** The directory holding the {@code V<n>__<description>.sql} files. */
    @Parameter(property = "windsurf.codegen.migrationsDirectory", required = true)
    private File migrationsDirectory;

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
            try {
                LintGate.check(migrationsDirectory.toPath(), lintReleasedThrough, getLog()::warn);
                SchemaCodegen.builder(migrationsDirectory.toPath(), outputDirectory.toPath())
                        .workDirectory(workDirectory.toPath())
                        .packageName(packageName)
                        .instantBinding(instantBinding)
                        .force(force)
                        .log(getLog()::info)
                        .build()
                        .generate();
            } catch (SchemaCodegen.CodegenException | IllegalArgumentException e) {
                throw new MojoExecutionException(e.getMessage(), e);
            }
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    }
}
