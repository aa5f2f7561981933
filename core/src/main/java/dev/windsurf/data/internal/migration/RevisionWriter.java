package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.Revision;
import dev.windsurf.data.internal.schema.OneLine;
import dev.windsurf.data.migration.SchemaChanges;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Numbers, names and writes new migration files from templates. Immutable and thread-safe.
 *
 * <p>Everything from the database or the user that lands in a comment (the message, the differences, the notes) is
 * escaped with {@link OneLine#sqlComment}, so that no name can end a comment line early and become a statement, and
 * no {@code ${} becomes a Flyway placeholder; names in statements are quoted by {@link DdlReader}.
 */
public final class RevisionWriter {

    /** The template of a migration, looked for in the template directory. */
    public static final String FORWARD_TEMPLATE = "revision.sql.template";
    /** The template of an undo script, looked for in the template directory. */
    public static final String UNDO_TEMPLATE = "undo.sql.template";

    private static final int MAX_DESCRIPTION = 60;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private final Path migrations;
    private final Path undo;
    private final Path templates;
    private final Clock clock;

    public RevisionWriter(Path migrations, Path undo, Path templates, Clock clock) {
        this.migrations = migrations;
        this.undo = undo;
        this.templates = templates;
        this.clock = clock;
    }

    /** One more than the highest major version among the migration and undo files. */
    public String nextVersion() {
        requireDirectory(migrations, "Migrations");
        requireDirectory(undo, "Undo");
        MigrationVersion highest = null;
        for (Path file : list(migrations, true)) {
            highest = max(highest, MigrationFiles.VERSIONED.matcher(file.getFileName().toString()));
        }
        for (Path file : list(undo, false)) {
            highest = max(highest, MigrationFiles.UNDO.matcher(file.getFileName().toString()));
        }
        if (highest == null) {
            return "1";
        }
        return highest.getMajor().add(java.math.BigInteger.ONE).toString();
    }

    /** Writes a migration and its undo script; {@code changes} null for empty ones. */
    public Revision write(String message, SchemaChanges changes) {
        String description = description(message);
        String oneLine = OneLine.sqlComment(message.strip().replaceAll("\\s+", " "));
        String version = nextVersion();
        String script = "V" + version + "__" + description + ".sql";
        String undoScript = "U" + version + "__" + description + ".sql";
        Path forwardFile = migrations.resolve(script);
        Path undoFile = undo.resolve(undoScript);
        for (Path file : List.of(forwardFile, undoFile)) {
            if (Files.exists(file)) {
                throw new MigrationException(MigrationException.Reason.FILE_EXISTS, file + " exists already; nothing "
                        + "was written. Remove or rename it (an undo script without its migration?), then try "
                        + "again.");
            }
        }
        Map<String, String> values = Map.of("message", oneLine, "version", version, "description", description,
                "script", script, "undo_script", undoScript, "date", LocalDate.now(clock).toString());
        String forwardBody = changes == null ? "" : forwardBody(changes);
        String undoBody = changes == null ? "" : undoBody(changes, script);
        if (forwardBody.contains("${") || undoBody.contains("${")) {
            // Comments are escaped; what is left is a name, a default or a CHECK that Flyway would rewrite or refuse.
            throw new MigrationException(MigrationException.Reason.UNSAFE_TEXT, "The generated SQL would contain '${'"
                    + " in a name, a default or a CHECK constraint, which Flyway reads as a placeholder; nothing was "
                    + "written. Rename it in the database, or write this migration by hand.");
        }
        String forward = render(template(FORWARD_TEMPLATE), values, forwardBody);
        String back = render(template(UNDO_TEMPLATE), values, undoBody);
        create(forwardFile, forward);
        try {
            create(undoFile, back);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(forwardFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new Revision(version, description, forwardFile, undoFile, changes != null,
                changes == null ? List.of() : changes.notes());
    }

    /** The file-name description of a message: lower case, {@code [a-z0-9]} runs joined by {@code _}. */
    public static String description(String message) {
        if (message == null) {
            throw new NullPointerException("message cannot be null");
        }
        String d = Normalizer.normalize(message, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (d.isEmpty()) {
            throw new IllegalArgumentException("A revision message must contain a letter or digit, was '" + message
                    + "'");
        }
        if (d.length() > MAX_DESCRIPTION) {
            d = d.substring(0, MAX_DESCRIPTION);
            int cut = d.lastIndexOf('_');
            d = (cut >= MAX_DESCRIPTION / 2 ? d.substring(0, cut) : d).replaceAll("_+$", "");
        }
        return d;
    }

    private static String forwardBody(SchemaChanges changes) {
        StringBuilder out = new StringBuilder("\n");
        out.append("-- GENERATED by `db revision --autogenerate` from ").append(OneLine.sqlComment(changes.source()))
                .append(" (")
                .append(changes.engine().name().toLowerCase(Locale.ROOT)).append(") against the migrations at ")
                .append("version ").append(changes.version()).append(".\n")
                .append("-- REVIEW IT BEFORE COMMITTING. It is never applied automatically. It cannot see renames (a ")
                .append("rename reads as a\n-- drop and an add, which loses data), and it moves no data.\n");
        if (changes.engine() == Engine.SQLITE) {
            out.append("-- Generated on SQLite: apply it to PostgreSQL too (SchemaParityTest) before committing.\n");
        } else {
            out.append("-- Generated on PostgreSQL: statements marked NOT PORTABLE TO SQLITE must be rewritten for ")
                    .append("the one\n-- file set to run on both engines.\n");
        }
        out.append("--\n-- Differences found (database changed by hand vs. migrations):\n");
        for (String d : changes.differences()) {
            out.append("--   ").append(OneLine.sqlComment(d)).append('\n');
        }
        if (!changes.notes().isEmpty()) {
            out.append("--\n-- Needs attention:\n");
            for (String n : changes.notes()) {
                out.append("--   ").append(OneLine.sqlComment(n)).append('\n');
            }
        }
        out.append('\n');
        statements(out, changes.forward());
        return out.toString();
    }

    private static String undoBody(SchemaChanges changes, String script) {
        StringBuilder out = new StringBuilder("\n-- GENERATED by `db revision --autogenerate`: reverses ")
                .append(script)
                .append(". REVIEW IT BEFORE COMMITTING.\n\n");
        statements(out, changes.undo());
        return out.toString();
    }

    private static void statements(StringBuilder out, List<String> statements) {
        for (String statement : statements) {
            boolean commentOnly = SqlScript.withoutComments(statement).isEmpty();
            out.append(statement.strip()).append(commentOnly ? "" : ";").append("\n\n");
        }
    }

    private String template(String name) {
        if (templates != null) {
            Path custom = templates.resolve(name);
            if (Files.isRegularFile(custom)) {
                try {
                    return Files.readString(custom, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read template " + custom + ": " + e.getMessage(), e);
                }
            }
        }
        try (InputStream in = RevisionWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Built-in template " + name + " is missing from the library jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String render(String template, Map<String, String> values, String body) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = key.equals("body") ? body : values.get(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        String text = out.toString().stripTrailing();
        return text + "\n";
    }

    private static void create(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new MigrationException(MigrationException.Reason.FILE_EXISTS, file + " exists already; nothing was "
                    + "written.", null, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new MigrationException(MigrationException.Reason.MISSING_DIRECTORY, what + " directory " + dir
                    + " does not exist (resolved to " + dir.toAbsolutePath().normalize() + "). Create it, or point to "
                    + "the directory that holds the project's migrations.");
        }
    }

    private static List<Path> list(Path dir, boolean recursive) {
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static MigrationVersion max(MigrationVersion highest, Matcher m) {
        if (!m.matches()) {
            return highest;
        }
        MigrationVersion v = MigrationVersion.fromVersion(m.group(1).replace('_', '.'));
        return highest == null || v.compareTo(highest) > 0 ? v : highest;
    }
}
