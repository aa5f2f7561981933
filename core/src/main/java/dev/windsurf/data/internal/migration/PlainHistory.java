package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A migration set's status read with one connection and plain SQL, without starting Flyway: the answer Flyway's
 * {@code info()} gives, for the histories and files this class can model exactly, and no answer (empty) for the
 * others, which are then left to Flyway.
 *
 * <p>Modelled: a history table that is missing, or whose every row is a successful versioned SQL migration
 * ({@code type = 'SQL'}, {@code success}, a version), recorded in version order; and locations whose every
 * {@code .sql} file is a versioned migration ({@code V<version>__<description>.sql}) and that hold no class
 * (no Java migration). Everything else (baselines, failed or deleted records, repeatable migrations, out-of-order
 * records, callbacks, undo records) makes {@link #read} return empty. For what it models it applies Flyway's rules:
 * an applied version without a file is {@code FUTURE} above the newest file and {@code MISSING_FILE} below it; a
 * file without a record is {@code IGNORED} below the newest applied version and {@code PENDING} above it; the
 * checksum of a file is Flyway's (CRC-32 of its UTF-8 lines without line breaks, a leading byte-order mark
 * dropped) and is compared with the recorded one. Stateless.
 */
final class PlainHistory {

    private PlainHistory() {
    }

    /**
     * The status, or empty when the history or the files hold something only Flyway can interpret.
     *
     * @param c       an open connection; left open
     * @param table   the history table's (lower-case, checked) name
     * @param files   the set's files
     * @param loader  reads {@code classpath:} files
     * @throws SQLException when the history cannot be read
     */
    static Optional<MigrationStatus> read(Connection c, Engine engine, String table, MigrationFiles files,
                                          ClassLoader loader) throws SQLException {
        Optional<List<MigrationFiles.ScriptFile>> modelled = files.onlyVersionedSql();
        if (modelled.isEmpty()) {
            return Optional.empty();
        }
        List<MigrationFiles.ScriptFile> resolved = modelled.get();
        List<Row> rows = new ArrayList<>();
        if (exists(c, engine, table)) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select installed_rank, version, description, type, script, "
                         + "checksum, installed_by, installed_on, execution_time, success from " + quoted(c, engine,
                         table) + " order by installed_rank")) {
                while (rs.next()) {
                    String version = rs.getString(2);
                    if (version == null || !"SQL".equals(rs.getString(4)) || !rs.getBoolean(10)) {
                        return Optional.empty();
                    }
                    int checksum = rs.getInt(6);
                    Integer recorded = rs.wasNull() ? null : checksum;
                    Timestamp on = rs.getTimestamp(8);
                    int ms = rs.getInt(9);
                    rows.add(new Row(MigrationVersion.fromVersion(version), rs.getString(3), rs.getString(5),
                            recorded, rs.getString(7), on == null ? null : on.toInstant(), ms));
                }
            }
        }
        Map<MigrationVersion, Row> applied = new HashMap<>();
        MigrationVersion lastApplied = null;
        for (Row row : rows) {
            if (applied.put(row.version(), row) != null
                    || (lastApplied != null && row.version().compareTo(lastApplied) < 0)) {
                return Optional.empty(); // a version recorded twice, or out of order: Flyway's rules apply
            }
            lastApplied = row.version();
        }
        Map<MigrationVersion, MigrationFiles.ScriptFile> byVersion = new HashMap<>();
        for (MigrationFiles.ScriptFile f : resolved) {
            byVersion.put(MigrationVersion.fromVersion(f.version()), f);
        }
        MigrationVersion lastResolved = resolved.isEmpty() ? null
                : MigrationVersion.fromVersion(resolved.getLast().version());

        List<Migration> all = new ArrayList<>();
        for (Row row : rows) {
            MigrationFiles.ScriptFile file = byVersion.get(row.version());
            Migration.State state;
            Migration.Checksum checksum;
            if (file == null) {
                state = lastResolved == null || row.version().compareTo(lastResolved) > 0
                        ? Migration.State.FUTURE : Migration.State.MISSING_FILE;
                checksum = Migration.Checksum.NO_FILE;
            } else {
                state = Migration.State.APPLIED;
                Integer actual = checksum(file, loader);
                checksum = actual.equals(row.checksum()) ? Migration.Checksum.MATCHES : Migration.Checksum.CHANGED;
            }
            String undo = MigrationFiles.undoName(row.script());
            all.add(new Migration(row.version().getVersion(), row.description(), row.script(), state,
                    row.installedOn(), row.installedBy(), Duration.ofMillis(row.executionTime()), checksum, undo,
                    files.undoExists(undo)));
        }
        for (MigrationFiles.ScriptFile file : resolved) {
            MigrationVersion version = MigrationVersion.fromVersion(file.version());
            if (applied.containsKey(version)) {
                continue;
            }
            Migration.State state = lastApplied != null && version.compareTo(lastApplied) < 0
                    ? Migration.State.IGNORED : Migration.State.PENDING;
            String script = files.relativeScript(file);
            String undo = MigrationFiles.undoName(script);
            all.add(new Migration(version.getVersion(), description(file.name()), script, state, null, null, null,
                    Migration.Checksum.NOT_APPLIED, undo, files.undoExists(undo)));
        }
        all.sort(Comparator.comparing(m -> MigrationVersion.fromVersion(m.version())));
        String current = null;
        for (Migration m : all) {
            if (m.applied()) {
                current = m.version();
            }
        }
        return Optional.of(new MigrationStatus(all, current, resolved.isEmpty() ? null
                : resolved.getLast().version()));
    }

    /** One record of the history. */
    private record Row(MigrationVersion version, String description, String script, Integer checksum,
                       String installedBy, java.time.Instant installedOn, int executionTime) {
    }

    private static boolean exists(Connection c, Engine engine, String table) throws SQLException {
        if (engine == Engine.POSTGRESQL) {
            // Flyway's history lives in the connection's current schema, not anywhere on the search path
            try (PreparedStatement ps = c.prepareStatement(
                    "select to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) is not null")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from main.sqlite_master where type = 'table' and name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quoted(Connection c, Engine engine, String table) throws SQLException {
        if (engine == Engine.POSTGRESQL) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select current_schema()")) {
                rs.next();
                return "\"" + rs.getString(1).replace("\"", "\"\"") + "\".\"" + table + "\"";
            }
        }
        return "\"" + table + "\"";
    }

    /** Flyway's description of a versioned file: the part after {@code __}, underscores read as spaces. */
    static String description(String fileName) {
        Matcher m = MigrationFiles.VERSIONED.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a versioned migration: " + fileName);
        }
        return m.group(2).replace('_', ' ');
    }

    /** Flyway's checksum of a file: CRC-32 over its UTF-8 lines, line breaks left out, a leading BOM dropped. */
    static int checksum(MigrationFiles.ScriptFile file, ClassLoader loader) {
        CRC32 crc = new CRC32();
        try (Reader in = open(file, loader); BufferedReader lines = new BufferedReader(in, 4096)) {
            String line = lines.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = lines.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.path() + ": " + e.getMessage(), e);
        }
        return (int) crc.getValue();
    }

    private static Reader open(MigrationFiles.ScriptFile file, ClassLoader loader) throws IOException {
        if (file.classpath()) {
            InputStream in = loader.getResourceAsStream(file.path());
            if (in == null) {
                throw new IOException("not on the class path any more");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }
        return Files.newBufferedReader(Path.of(file.path()), StandardCharsets.UTF_8);
    }
}
