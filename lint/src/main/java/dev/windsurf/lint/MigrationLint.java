package dev.windsurf.lint;

import dev.windsurf.lint.internal.LintEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds dangerous statements in a Flyway migration set before it runs: locks and rewrites of busy PostgreSQL tables,
 * data loss, renames that break the running release, statements SQLite cannot run in a portable set, and undo
 * scripts that do not reverse their migrations.
 *
 * <pre>{@code
 * LintReport report = MigrationLint.builder().releasedThrough("3").build()
 *         .lintDirectory(Path.of("src/main/resources/db/migration"));   // undo scripts in ../undo
 * report.blocking().forEach(System.out::println);
 * }</pre>
 *
 * <p>A finding is silenced by a comment on its statement naming the rule and a reason:
 * {@code -- lint: allow drop-column -- unused since 2.3}; silenced findings stay in the report, marked as such.
 * Immutable and thread-safe.
 */
public final class MigrationLint {

    private static final Pattern MIGRATION = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.*\\.sql");
    private static final Pattern UNDO = Pattern.compile("U([0-9]+(?:[._][0-9]+)*)__.*\\.sql");

    private final Target target;
    private final String releasedThrough;

    private MigrationLint(Builder builder) {
        this.target = builder.target;
        this.releasedThrough = builder.releasedThrough;
    }

    /** {@return a lint for a portable set with nothing released} */
    public static MigrationLint ofDefaults() {
        return builder().build();
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Lints the {@code V<n>__*.sql} files of a directory and, when a sibling {@code undo} directory exists, their
     * {@code U<n>__*.sql} undo scripts.
     *
     * @param migrations the directory of the migrations
     * @return what was found
     * @throws IllegalArgumentException when the directory does not exist
     * @throws UncheckedIOException     when a file cannot be read
     */
    public LintReport lintDirectory(Path migrations) {
        Objects.requireNonNull(migrations, "migrations cannot be null");
        Path undo = migrations.toAbsolutePath().normalize().resolveSibling("undo");
        return lint(migrations, Files.isDirectory(undo) ? undo : null);
    }

    /**
     * Lints the {@code V<n>__*.sql} files of one directory and the {@code U<n>__*.sql} files of another.
     *
     * @param migrations the directory of the migrations
     * @param undo       the directory of the undo scripts, or null to skip the undo rules
     * @return what was found
     * @throws IllegalArgumentException when a directory does not exist
     * @throws UncheckedIOException     when a file cannot be read
     */
    public LintReport lint(Path migrations, Path undo) {
        Objects.requireNonNull(migrations, "migrations cannot be null");
        List<LintEngine.Script> forward = read(migrations, MIGRATION);
        Map<String, LintEngine.Script> back = null;
        if (undo != null) {
            back = new HashMap<>();
            for (LintEngine.Script script : read(undo, UNDO)) {
                back.put(script.version(), script);
            }
        }
        return new LintReport(LintEngine.lint(forward, back, target == Target.PORTABLE, this::released),
                back != null);
    }

    /**
     * Lints one migration script's text, without undo rules.
     *
     * @param fileName its file name, {@code V<n>__<description>.sql} (the version is read from it when present)
     * @param sql      its text
     * @return what was found
     */
    public LintReport lintScript(String fileName, String sql) {
        Objects.requireNonNull(fileName, "fileName cannot be null");
        Objects.requireNonNull(sql, "sql cannot be null");
        Matcher m = MIGRATION.matcher(fileName);
        String version = m.matches() ? m.group(1) : null;
        return new LintReport(LintEngine.lint(List.of(new LintEngine.Script(fileName, version, sql)), null,
                target == Target.PORTABLE, this::released), false);
    }

    private boolean released(String version) {
        return releasedThrough != null && compare(version, releasedThrough) <= 0;
    }

    private static List<LintEngine.Script> read(Path directory, Pattern names) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("No migrations directory " + directory + ": pass the directory "
                    + "that holds the V<n>__<description>.sql files.");
        }
        List<LintEngine.Script> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = names.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    scripts.add(new LintEngine.Script(file.getFileName().toString(), m.group(1),
                            Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the migrations in " + directory + ": " + e.getMessage(), e);
        }
        scripts.sort(Comparator.comparing(LintEngine.Script::version, MigrationLint::compare));
        return scripts;
    }

    /** Compares versions such as {@code 2}, {@code 10} and {@code 1.2} part by part, as numbers. */
    static int compare(String a, String b) {
        List<BigInteger> x = parts(a);
        List<BigInteger> y = parts(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            BigInteger p = i < x.size() ? x.get(i) : BigInteger.ZERO;
            BigInteger q = i < y.size() ? y.get(i) : BigInteger.ZERO;
            int c = p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<BigInteger> parts(String version) {
        return Arrays.stream(version.split("[._]")).map(BigInteger::new).toList();
    }

    /** Settings of a {@link MigrationLint}. Mutable and not thread-safe; {@link #build()} copies them. */
    public static final class Builder {

        private Target target = Target.PORTABLE;
        private String releasedThrough;

        private Builder() {
        }

        /**
         * The engines the set must run on (default: {@link Target#PORTABLE}, PostgreSQL and SQLite).
         *
         * @param target the engines
         * @return this builder
         * @throws NullPointerException when null
         */
        public Builder target(Target target) {
            this.target = Objects.requireNonNull(target, "target cannot be null");
            return this;
        }

        /**
         * The highest released version (default: none, every migration is new): errors in migrations at or below
         * it are reported but do not block, since a released migration cannot change.
         *
         * @param version a version such as {@code 3} or {@code 1.2}, or null for none
         * @return this builder
         * @throws IllegalArgumentException when it is not a version
         */
        public Builder releasedThrough(String version) {
            if (version != null && !version.matches("[0-9]+(?:[._][0-9]+)*")) {
                throw new IllegalArgumentException("releasedThrough must be a version such as 3 or 1.2, not '"
                        + version + "'");
            }
            this.releasedThrough = version;
            return this;
        }

        /** {@return the lint} */
        public MigrationLint build() {
            return new MigrationLint(this);
        }
    }
}
