package dev.windsurf.data.project;

import static dev.windsurf.data.schema.Tables.PROJECTS;

import dev.windsurf.data.internal.jooq.UtcInstantBinding;
import dev.windsurf.data.internal.tx.JdbcStatements;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The PostgreSQL path of {@link ProjectService#createAll}: one {@code COPY projects (…) FROM STDIN} in text format on
 * the transaction's connection, the rows escaped as that format wants ({@code \\}, tab, line feed and carriage
 * return as backslash sequences, SQL NULL as {@code \N}) and sent in chunks of some 32 K characters. Constraint violations,
 * a read-only refusal or a lost connection surface from the driver as for any statement (an {@link SQLException}
 * with its SQLState), so the transaction runner treats them the same way. Stateless and thread-safe.
 */
final class ProjectCopy {

    /** Characters gathered before they are encoded and sent: bounds what is buffered at once. */
    private static final int CHUNK_CHARS = 32 * 1024;

    private static final List<Field<?>> COLUMNS = List.of(PROJECTS.ID, PROJECTS.NAME, PROJECTS.DESCRIPTION,
            PROJECTS.OWNER_ID, PROJECTS.ORGANIZATION_ID, PROJECTS.CREATED_AT, PROJECTS.UPDATED_AT);

    private ProjectCopy() {
    }

    /** The {@code COPY} statement, with the table and column names quoted as jOOQ quotes them. */
    static String statement(DSLContext dsl) {
        return "COPY " + dsl.render(PROJECTS) + " ("
                + COLUMNS.stream().map(f -> dsl.render(DSL.name(f.getName()))).collect(Collectors.joining(", "))
                + ") FROM STDIN";
    }

    /** Copies the projects in, with these ids and timestamps, on the transaction's connection. */
    static void copy(DSLContext tx, List<ProjectCreate> projects, List<String> ids, Instant now) {
        String sql = statement(tx);
        String timestamp = UtcInstantBinding.format(now);
        tx.connection(connection -> {
            JdbcStatements.Statement observed = JdbcStatements.starting(sql);
            CopyIn in = null;
            try {
                in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
                StringBuilder chunk = new StringBuilder(CHUNK_CHARS + 1024);
                for (int i = 0; i < projects.size(); i++) {
                    ProjectCreate p = projects.get(i);
                    field(chunk, ids.get(i)).append('\t');
                    field(chunk, p.name()).append('\t');
                    field(chunk, p.description()).append('\t');
                    field(chunk, p.ownerId()).append('\t');
                    field(chunk, p.organizationId()).append('\t');
                    chunk.append(timestamp).append('\t').append(timestamp).append('\n');
                    if (chunk.length() >= CHUNK_CHARS) {
                        send(in, chunk);
                    }
                }
                send(in, chunk);
                in.endCopy();
            } catch (SQLException | RuntimeException e) {
                cancelQuietly(in, e);
                observed.failed(e);
                throw e;
            } finally {
                observed.end();
            }
        });
    }

    private static void send(CopyIn in, StringBuilder chunk) throws SQLException {
        if (!chunk.isEmpty()) {
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            chunk.setLength(0);
        }
    }

    private static void cancelQuietly(CopyIn in, Exception failure) {
        if (in != null && in.isActive()) {
            try {
                in.cancelCopy();
            } catch (SQLException | RuntimeException e) {
                failure.addSuppressed(e); // the connection is broken: the pool evicts it, the server rolls back
            }
        }
    }

    /**
     * Appends a value in {@code COPY}'s text format. NUL cannot be stored in a PostgreSQL text value at all (the
     * server refuses it with 22021 however it is sent); the validation of names and descriptions refuses every control
     * character but tab, line feed and carriage return before this runs, and this refuses NUL again rather than send
     * it.
     *
     * @throws IllegalArgumentException when the value holds NUL (U+0000)
     */
    static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> throw new IllegalArgumentException("A text value cannot hold NUL (U+0000): PostgreSQL "
                        + "refuses it in text; it was at position " + i);
                default -> out.append(c);
            }
        }
        return out;
    }
}
