package dev.windsurf.data.internal.jooq;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * Binds {@code TIMESTAMP WITH TIME ZONE} columns to {@link Instant}, the same way on every engine.
 *
 * <p>PostgreSQL receives a UTC {@link OffsetDateTime} for its native {@code timestamptz}. SQLite has no timestamp
 * type and compares text, so it receives a fixed-width UTC string ({@code 2026-11-24T09:28:55.123456Z}): equality
 * and {@code ORDER BY} then agree with time order whatever zone a value was written from. Every value is truncated
 * to microseconds, PostgreSQL's precision, so that a value reads back equal on both engines. Reading also accepts
 * the forms SQLite's own functions produce ({@code 2026-11-24 09:28:55}, taken as UTC) and ISO-8601 with an offset.
 *
 * <p>Referenced by the generated classes; not part of the public API. Stateless and thread-safe.
 */
public final class UtcInstantBinding implements Binding<OffsetDateTime, Instant> {

    private static final long serialVersionUID = 1L;

    /** The text form stored by SQLite: fixed width, so that string order is time order. */
    public static final DateTimeFormatter SQLITE_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final Converter<OffsetDateTime, Instant> CONVERTER = Converter.ofNullable(
            OffsetDateTime.class, Instant.class,
            OffsetDateTime::toInstant,
            instant -> instant.atOffset(ZoneOffset.UTC));

    @Override
    public Converter<OffsetDateTime, Instant> converter() {
        return CONVERTER;
    }

    @Override
    public void sql(BindingSQLContext<Instant> ctx) throws SQLException {
        if (ctx.render().paramType() == ParamType.INLINED) {
            Instant value = ctx.value();
            if (value == null) {
                ctx.render().visit(DSL.inline((String) null));
            } else if (isSqlite(ctx.dialect())) {
                ctx.render().visit(DSL.inline(format(value)));
            } else {
                ctx.render().sql("timestamp with time zone ").visit(DSL.inline(format(value)));
            }
        } else {
            ctx.render().sql(ctx.variable());
        }
    }

    @Override
    public void register(BindingRegisterContext<Instant> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(),
                isSqlite(ctx.dialect()) ? Types.VARCHAR : Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    public void set(BindingSetStatementContext<Instant> ctx) throws SQLException {
        bind(ctx.statement(), ctx.index(), ctx.value(), isSqlite(ctx.dialect()));
    }

    @Override
    public void set(BindingSetSQLOutputContext<Instant> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException("Instants are not supported in user-defined types");
    }

    @Override
    public void get(BindingGetResultSetContext<Instant> ctx) throws SQLException {
        if (isSqlite(ctx.dialect())) {
            ctx.value(parse(ctx.resultSet().getString(ctx.index())));
        } else {
            OffsetDateTime value = ctx.resultSet().getObject(ctx.index(), OffsetDateTime.class);
            ctx.value(value == null ? null : value.toInstant());
        }
    }

    @Override
    public void get(BindingGetStatementContext<Instant> ctx) throws SQLException {
        if (isSqlite(ctx.dialect())) {
            ctx.value(parse(ctx.statement().getString(ctx.index())));
        } else {
            OffsetDateTime value = ctx.statement().getObject(ctx.index(), OffsetDateTime.class);
            ctx.value(value == null ? null : value.toInstant());
        }
    }

    @Override
    public void get(BindingGetSQLInputContext<Instant> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException("Instants are not supported in user-defined types");
    }

    /**
     * Binds an instant to a JDBC parameter as the generated classes would: fixed-width UTC text on SQLite, a UTC
     * {@link OffsetDateTime} on PostgreSQL; null as SQL NULL. For bulk paths that fill a JDBC batch themselves.
     */
    public static void bind(PreparedStatement statement, int index, Instant value, boolean sqlite)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlite ? Types.VARCHAR : Types.TIMESTAMP_WITH_TIMEZONE);
        } else if (sqlite) {
            statement.setString(index, format(value));
        } else {
            statement.setObject(index, value.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        }
    }

    /**
     * Reads an instant from a result column as the generated classes would: the stored UTC text on SQLite, an
     * {@link OffsetDateTime} on PostgreSQL; SQL NULL as null. For statements that read their rows by hand.
     *
     * @throws SQLException when the column cannot be read or (SQLite) does not hold a timestamp
     */
    public static Instant read(ResultSet resultSet, int index, boolean sqlite) throws SQLException {
        if (sqlite) {
            return parse(resultSet.getString(index));
        }
        OffsetDateTime value = resultSet.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Formats an instant the way it is stored on SQLite, truncated to microseconds. */
    public static String format(Instant value) {
        return SQLITE_FORMAT.format(value.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Parses a timestamp read from SQLite.
     *
     * @throws SQLException when the text is not a timestamp
     */
    static Instant parse(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        Instant stored = parseStoredForm(text);
        if (stored != null) {
            return stored;
        }
        String iso = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new SQLException("Stored timestamp '" + text + "' is not an ISO-8601 timestamp such as "
                        + format(Instant.EPOCH), "22007", e);
            }
        }
    }

    /**
     * Parses the fixed-width form this binding stores ({@code 2026-11-24T09:28:55.123456Z}) without a
     * {@link DateTimeFormatter}: every row read from SQLite goes through here, and the general parser costs several
     * times more. Returns null for any other text, which then takes the general path.
     */
    static Instant parseStoredForm(String text) {
        if (text.length() != 27 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(26) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int micros = digits(text, 20, 26);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > daysIn(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || micros < 0) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, micros * 1_000L);
    }

    private static int daysIn(int year, int month) {
        return java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    /** The decimal value of {@code text[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isSqlite(SQLDialect dialect) {
        return dialect.family() == SQLDialect.SQLITE;
    }
}
