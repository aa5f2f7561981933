package dev.windsurf.data.internal.config;

import dev.windsurf.data.Engine;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the database URLs people paste — JDBC URLs, libpq/Heroku-style {@code postgresql://} URLs, and the SQLAlchemy
 * URLs of the Python application this library replaces — and masks the secrets in a URL so that it can be logged.
 *
 * <p>Accepted forms (schemes are matched without regard to case; surrounding whitespace is ignored):
 * <ul>
 *   <li>{@code jdbc:postgresql://host[:port][,host2[:port2]]/[database][?parameters]}: passed to the driver as given,
 *       except that the prefix is written in lower case and a missing {@code /} after the hosts is added, both of
 *       which pgjdbc requires, and a {@code user:password@} user-info, which pgjdbc would take for part of the host,
 *       is moved out. {@code user} and {@code password} parameters stay in the URL and are reported as well, decoded
 *       as pgjdbc decodes them ({@code +} is a space).</li>
 *   <li>{@code postgresql://[user[:password]@]host[:port][,host2[:port2]]/[database][?parameters]}, also
 *       {@code postgres://} and the SQLAlchemy forms {@code postgresql+asyncpg://}, {@code postgresql+psycopg2://},
 *       {@code postgresql+psycopg://}, {@code postgresql+pg8000://}, {@code postgresql+psycopg2cffi://}: turned into
 *       a {@code jdbc:postgresql:} URL without the credentials, whether given as user-info or as {@code user=} and
 *       {@code password=} parameters; they are reported percent-decoded as libpq decodes them ({@code +} stays a
 *       {@code +}). The password runs to the last {@code @} before the host, so an unencoded {@code @} in it works.
 *       IPv6 hosts are written in brackets ({@code [::1]:5432}). Other parameters are passed through, a {@code +}
 *       written as {@code %2B} so that pgjdbc reads what libpq would.</li>
 *   <li>{@code jdbc:sqlite:path}, {@code jdbc:sqlite::memory:}, {@code jdbc:sqlite:file:name?mode=memory…} and other
 *       {@code jdbc:sqlite:file:} URIs: passed to the driver as given (prefix in lower case).</li>
 *   <li>{@code sqlite:///relative/path.db} (relative to the working directory), {@code sqlite:////absolute/path.db},
 *       and in memory {@code sqlite://}, {@code sqlite::memory:} or {@code sqlite:///:memory:}, also with the
 *       SQLAlchemy driver suffixes {@code +aiosqlite} and {@code +pysqlite}. A file becomes
 *       {@code jdbc:sqlite:<normalised path>}; an in-memory URL becomes {@code jdbc:sqlite::memory:}, and the caller
 *       builds its own shared-cache URL from {@link ParsedUrl#inMemory()}. Query parameters (options of the Python
 *       driver) are refused.</li>
 * </ul>
 *
 * <p>In a PostgreSQL URL, an {@code @} after the host, a {@code #} anywhere and a {@code /} inside the database name
 * are refused: they are what a password holding an unencoded {@code @ / ? #} leaves behind, and accepting them would
 * put the rest of that password into the JDBC URL. Written as {@code %40}, {@code %23} and {@code %2F} they are
 * accepted. A user name or password given twice is refused too; an empty one counts as absent.
 *
 * <p>Stateless and thread-safe.
 */
public final class DatabaseUrls {

    /** What replaces every secret in {@link #mask(String)}. */
    static final String MASK = "****";

    /** Listed in every rejection, so that the message says what would have been accepted. */
    static final String ACCEPTED_FORMS = "Accepted forms: "
            + "jdbc:postgresql://host[:port][,host2[:port2]]/[database][?parameters]; "
            + "postgresql://[user[:password]@]host[:port][,host2[:port2]]/[database][?parameters] "
            + "(also postgres://, postgresql+asyncpg://, postgresql+psycopg2://, postgresql+psycopg://); "
            + "jdbc:sqlite:path/to/file.db; jdbc:sqlite::memory:; jdbc:sqlite:file:name?mode=memory; "
            + "sqlite:///relative/path.db; sqlite:////absolute/path.db; "
            + "sqlite://, sqlite::memory: or sqlite:///:memory: for an in-memory database "
            + "(also sqlite+aiosqlite:// and sqlite+pysqlite://).";

    private static final String ENCODING_HINT = " (a user name or password containing @, /, ?, # or % must be "
            + "percent-encoded, e.g. @ as %40 and / as %2F)";
    private static final int MAX_SHOWN_CHARS = 300;

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,39}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Set<String> POSTGRESQL_DRIVERS =
            Set.of("asyncpg", "psycopg2", "psycopg", "pg8000", "psycopg2cffi");
    private static final Set<String> SQLITE_DRIVERS = Set.of("aiosqlite", "pysqlite");
    private static final String JDBC_POSTGRESQL = "jdbc:postgresql:";
    private static final String JDBC_SQLITE = "jdbc:sqlite:";
    private static final String SQLITE_MEMORY = ":memory:";

    private DatabaseUrls() {
    }

    /**
     * Reads a database URL in one of the {@linkplain DatabaseUrls accepted forms}.
     *
     * @param url the URL as configured; surrounding whitespace is ignored
     * @return the engine, a JDBC URL and the credentials
     * @throws NullPointerException     if {@code url} is {@code null}
     * @throws IllegalArgumentException if the URL is blank; contains a control character, whitespace or an invisible
     *                                  formatting character; has an unsupported scheme or SQLAlchemy driver; is a
     *                                  PostgreSQL URL without a host, with a port outside 1–65535, with an
     *                                  unencoded {@code @} after the host or {@code #}, or with the user or password
     *                                  given twice; has malformed percent-encoding; or is a SQLite URL that names no
     *                                  file. The message says which, shows the URL through {@link #mask(String)}
     *                                  (never the password) and lists the accepted forms
     */
    public static ParsedUrl parse(String url) {
        if (url == null) {
            throw new NullPointerException("url cannot be null");
        }
        String s = url.strip();
        if (s.isEmpty()) {
            throw invalid(s, "it is empty");
        }
        int bad = firstForbiddenChar(s);
        if (bad >= 0) {
            throw invalid(s, "it contains a control character or whitespace at position " + bad
                    + " (write the URL on one line and percent-encode a space as %20)");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith(JDBC_POSTGRESQL)) {
            return postgresql(s, s.substring(JDBC_POSTGRESQL.length()), true);
        }
        if (lower.startsWith(JDBC_SQLITE)) {
            return jdbcSqlite(s, s.substring(JDBC_SQLITE.length()));
        }
        if (lower.startsWith("jdbc:")) {
            int end = lower.indexOf(':', 5);
            String subprotocol = end < 0 ? "" : lower.substring(5, end);
            throw invalid(s, SCHEME.matcher(subprotocol).matches()
                    ? "the JDBC driver 'jdbc:" + subprotocol + ":' is not supported"
                    : "it is not a JDBC URL this library supports");
        }
        int colon = s.indexOf(':');
        String scheme = colon < 0 ? "" : lower.substring(0, colon);
        if (!SCHEME.matcher(scheme).matches()) {
            throw notAUrl(s);
        }
        int plus = scheme.indexOf('+');
        String base = plus < 0 ? scheme : scheme.substring(0, plus);
        String driver = plus < 0 ? null : scheme.substring(plus + 1);
        String rest = s.substring(colon + 1);
        switch (base) {
            case "postgresql", "postgres" -> {
                if (driver != null && !POSTGRESQL_DRIVERS.contains(driver)) {
                    throw invalid(s, "the SQLAlchemy driver '" + driver + "' is not supported for PostgreSQL");
                }
                return postgresql(s, rest, false);
            }
            case "sqlite" -> {
                if (driver != null && !SQLITE_DRIVERS.contains(driver)) {
                    throw invalid(s, "the SQLAlchemy driver '" + driver + "' is not supported for SQLite");
                }
                return sqlalchemySqlite(s, rest);
            }
            default -> throw invalid(s, "the scheme '" + scheme + "' is not supported");
        }
    }

    /**
     * Gives a printable form of a URL, or of any configuration value, with every secret replaced by {@code ****}:
     * <ul>
     *   <li>the password of a {@code scheme://user:password@host} user-info (any scheme, also inside a
     *       {@code jdbc:} URL, and {@code user:password@host} without a scheme). The password is taken to run to the
     *       <em>last</em> {@code @}, so that a password holding an unencoded {@code @ / ? #} is never shown; a URL
     *       with an {@code @} in its query may therefore show less than it could;</li>
     *   <li>the value of every {@code ?a=b&c=d} or {@code ;a=b} parameter whose name (case-insensitive,
     *       percent-decoded) is {@code pass}, {@code pwd}, {@code passwd} or {@code key}, or contains
     *       {@code password}, {@code secret} or {@code token}, e.g. {@code password=}, {@code sslpassword=}.</li>
     * </ul>
     * User names stay visible. Control characters, line breaks and other invisible characters are shown escaped (as
     * {@code \n}, {@code \r}, {@code \t}, or a backslash, {@code u} and four hexadecimal digits), so the result is
     * safe to write on one log line. Text without secrets or such characters is returned unchanged.
     *
     * @param url a URL; may be {@code null} or not a URL at all
     * @return the masked text; {@code "null"} for {@code null}. Never throws
     */
    public static String mask(String url) {
        if (url == null) {
            return "null";
        }
        boolean[] secret = new boolean[url.length()];
        markUserInfoPassword(url, secret);
        markSecretParameters(url, secret);
        StringBuilder out = new StringBuilder(url.length() + 8);
        int i = 0;
        while (i < url.length()) {
            if (secret[i]) {
                out.append(MASK);
                while (i < url.length() && secret[i]) {
                    i++;
                }
                continue;
            }
            int cp = url.codePointAt(i);
            int width = Character.charCount(cp);
            if (width == 2 && secret[i + 1]) {
                width = 1;
                cp = url.charAt(i);
            }
            appendPrintable(out, cp);
            i += width;
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static ParsedUrl postgresql(String url, String rest, boolean jdbc) {
        if (!rest.startsWith("//")) {
            throw invalid(url, "it has no host; write " + (jdbc ? "jdbc:postgresql://" : "postgresql://")
                    + "host[:port]/database");
        }
        String body = rest.substring(2);
        if (body.indexOf('#') >= 0) {
            throw invalid(url, "it contains a '#'" + ENCODING_HINT);
        }
        int authorityEnd = firstIndexOf(body, '/', '?');
        String authority = body.substring(0, authorityEnd);
        String afterAuthority = body.substring(authorityEnd);
        if (afterAuthority.indexOf('@') >= 0) {
            // Either a parameter value holds an '@', or a password holding '/' or '?' ended the host part early and
            // the rest of it would end up in the JDBC URL. Both are written %40.
            throw invalid(url, "it has an unencoded '@' after the host; write @ as %40 in parameter values"
                    + ENCODING_HINT);
        }

        Credentials credentials = new Credentials(url);
        String hosts = authority;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hosts = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            credentials.user(percentDecode(url, colon < 0 ? userInfo : userInfo.substring(0, colon), "user name"));
            if (colon >= 0) {
                credentials.password(percentDecode(url, userInfo.substring(colon + 1), "password"));
            }
        }
        List<String> hostList = parseHosts(url, hosts);

        int q = afterAuthority.indexOf('?');
        String path = q < 0 ? afterAuthority : afterAuthority.substring(0, q);
        String query = q < 0 ? null : afterAuthority.substring(q + 1);
        String database = path.isEmpty() ? "" : path.substring(1);
        if (database.indexOf('/') >= 0) {
            throw invalid(url, "the database name contains an unencoded '/'" + ENCODING_HINT);
        }
        checkPercentEncoding(url, database, "database name");

        List<String> passedOn = new ArrayList<>(); // the libpq-style parameters that go on into the JDBC URL
        if (query != null) {
            for (String parameter : query.split("&", -1)) {
                checkPercentEncoding(url, parameter, "query");
                int eq = parameter.indexOf('=');
                String key = eq < 0 ? parameter : parameter.substring(0, eq);
                String value = eq < 0 ? "" : parameter.substring(eq + 1);
                if (!jdbc) {
                    key = percentDecode(url, key, "query");
                }
                boolean isUser = eq >= 0 && key.equals("user");
                boolean isPassword = eq >= 0 && key.equals("password");
                if (isUser || isPassword) {
                    // pgjdbc decodes parameter values like an HTML form ('+' is a space); libpq does not
                    String decoded = jdbc ? URLDecoder.decode(value, StandardCharsets.UTF_8)
                            : percentDecode(url, value, isUser ? "user name" : "password");
                    if (isUser) {
                        credentials.user(decoded);
                    } else {
                        credentials.password(decoded);
                    }
                } else if (!jdbc && !parameter.isEmpty()) {
                    passedOn.add(eq < 0 ? parameter : parameter.substring(0, eq + 1) + formDecodingSafe(value));
                }
            }
        }

        String jdbcUrl;
        if (jdbc) {
            jdbcUrl = JDBC_POSTGRESQL + "//" + hosts + (path.isEmpty() ? "/" : path)
                    + (query == null ? "" : "?" + query);
        } else {
            jdbcUrl = JDBC_POSTGRESQL + "//" + String.join(",", hostList) + "/" + formDecodingSafe(database)
                    + (passedOn.isEmpty() ? "" : "?" + String.join("&", passedOn));
        }
        // The driver has the last word on what it reads, the host list included (the pools and the primary's
        // survey read the hosts back with the same parser).
        if (org.postgresql.Driver.parseURL(jdbcUrl, null) == null) {
            throw invalid(url, "the PostgreSQL driver cannot read it");
        }
        return new ParsedUrl(Engine.POSTGRESQL, jdbcUrl, credentials.user, credentials.password, null, false);
    }

    /** The user name and password, each given at most once, in the user-info or in the query. */
    private static final class Credentials {
        private final String url;
        private boolean userGiven;
        private boolean passwordGiven;
        private String user;
        private String password;

        Credentials(String url) {
            this.url = url;
        }

        void user(String value) {
            if (userGiven) {
                throw invalid(url, "it gives the user name twice");
            }
            userGiven = true;
            checkNoControlCharacter(value, "user name");
            user = value.isEmpty() ? null : value;
        }

        void password(String value) {
            if (passwordGiven) {
                throw invalid(url, "it gives the password twice");
            }
            passwordGiven = true;
            checkNoControlCharacter(value, "password");
            password = value.isEmpty() ? null : value;
        }

        /** Spaces are fine once decoded; control and invisible formatting characters would corrupt log lines. */
        private void checkNoControlCharacter(String value, String what) {
            for (int i = 0; i < value.length(); i++) {
                int type = Character.getType(value.charAt(i));
                if (Character.isISOControl(value.charAt(i)) || type == Character.FORMAT
                        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                    throw invalid(url, "the " + what + " contains a control character once percent-decoded");
                }
            }
        }
    }

    private static List<String> parseHosts(String url, String hosts) {
        if (hosts.isEmpty()) {
            throw invalid(url, "it has no host; PostgreSQL is reached over TCP, e.g. localhost:5432" + ENCODING_HINT);
        }
        List<String> out = new ArrayList<>();
        for (String entry : hosts.split(",", -1)) {
            String host;
            String port = null;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0 || !isIpv6(entry.substring(1, close))) {
                    throw invalid(url, "a host in brackets is not an IPv6 address such as [::1]");
                }
                host = entry.substring(0, close + 1);
                String tail = entry.substring(close + 1);
                if (tail.startsWith(":")) {
                    port = tail.substring(1);
                } else if (!tail.isEmpty()) {
                    throw invalid(url, "an IPv6 address in brackets may be followed only by :port");
                }
            } else {
                int colon = entry.indexOf(':');
                if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
                    throw invalid(url, "an IPv6 address must be written in brackets, e.g. [::1]:5432" + ENCODING_HINT);
                }
                host = colon < 0 ? entry : entry.substring(0, colon);
                port = colon < 0 ? null : entry.substring(colon + 1);
                if (host.isEmpty()) {
                    throw invalid(url, "it has no host" + (hosts.contains(",") ? " in one entry of its host list" : "")
                            + ENCODING_HINT);
                }
                if (host.startsWith("/") || host.toLowerCase(Locale.ROOT).startsWith("%2f")) {
                    throw invalid(url, "a Unix-domain socket path is not supported; give a TCP host such as localhost");
                }
                if (!HOST_NAME.matcher(host).matches()) {
                    throw invalid(url, "a host name may contain only letters, digits, '.', '-' and '_'"
                            + ENCODING_HINT);
                }
            }
            if (port == null) {
                out.add(host);
                continue;
            }
            if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw invalid(url, "the port must be a number from 1 to 65535" + ENCODING_HINT);
            }
            out.add(host + ":" + Integer.parseInt(port));
        }
        return out;
    }

    /** An IPv6 address in text form: eight groups of hex digits, or fewer with one "::", the last two maybe IPv4. */
    private static boolean isIpv6(String address) {
        if (!address.contains(":") || !address.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] parts = gap < 0 ? new String[] {address}
                : new String[] {address.substring(0, gap), address.substring(gap + 2)};
        int groups = 0;
        for (int p = 0; p < parts.length; p++) {
            if (parts[p].isEmpty()) {
                continue;
            }
            String[] fields = parts[p].split(":", -1);
            for (int f = 0; f < fields.length; f++) {
                boolean last = p == parts.length - 1 && f == fields.length - 1;
                if (last && fields[f].contains(".")) {
                    if (!isIpv4(fields[f])) {
                        return false;
                    }
                    groups += 2;
                } else if (fields[f].matches("[0-9A-Fa-f]{1,4}")) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return gap < 0 ? groups == 8 : groups <= 7;
    }

    private static boolean isIpv4(String address) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps a libpq-style value's meaning for pgjdbc, which decodes values like an HTML form: a literal '+' would
     * become a space, so it is written as {@code %2B}.
     */
    private static String formDecodingSafe(String value) {
        return value.replace("+", "%2B");
    }

    // ---------------------------------------------------------------- SQLite

    private static ParsedUrl jdbcSqlite(String url, String rest) {
        String jdbcUrl = JDBC_SQLITE + rest;
        int q = rest.indexOf('?');
        String name = q < 0 ? rest : rest.substring(0, q);
        String parameters = q < 0 ? "" : rest.substring(q + 1);
        if (name.equals(SQLITE_MEMORY)) {
            return inMemory(jdbcUrl);
        }
        if (name.startsWith("file:")) {
            String uriPath = name.substring("file:".length());
            if (uriPath.equals(SQLITE_MEMORY) || List.of(parameters.split("&")).contains("mode=memory")) {
                return inMemory(jdbcUrl);
            }
            if (uriPath.startsWith("//")) {
                int slash = uriPath.indexOf('/', 2);
                String authority = slash < 0 ? uriPath.substring(2) : uriPath.substring(2, slash);
                if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                    throw invalid(url, "a file: URI may name no host other than localhost");
                }
                uriPath = slash < 0 ? "" : uriPath.substring(slash);
            }
            int fragment = uriPath.indexOf('#');
            String path = percentDecode(url, fragment < 0 ? uriPath : uriPath.substring(0, fragment), "file path");
            return file(url, path, jdbcUrl);
        }
        return file(url, name, jdbcUrl);
    }

    private static ParsedUrl sqlalchemySqlite(String url, String rest) {
        String memoryUrl = JDBC_SQLITE + SQLITE_MEMORY;
        if (rest.equals(SQLITE_MEMORY) || rest.equals("//")) {
            return inMemory(memoryUrl);
        }
        if (!rest.startsWith("//")) {
            throw invalid(url, "a sqlite URL starts with sqlite:/// (three slashes for a relative path, four for an "
                    + "absolute one)");
        }
        if (!rest.startsWith("///")) {
            throw invalid(url, "a sqlite URL has no host; write sqlite:///relative/path.db or "
                    + "sqlite:////absolute/path.db");
        }
        String path = rest.substring(3);
        if (path.indexOf('?') >= 0) {
            throw invalid(url, "query parameters of a sqlite URL are options of the Python driver and are not "
                    + "supported; remove them");
        }
        if (path.equals(SQLITE_MEMORY)) {
            return inMemory(memoryUrl);
        }
        return file(url, path, null);
    }

    private static ParsedUrl inMemory(String jdbcUrl) {
        return new ParsedUrl(Engine.SQLITE, jdbcUrl, null, null, null, true);
    }

    /** A SQLite file; {@code jdbcUrl} is {@code null} to build it from the normalised path. */
    private static ParsedUrl file(String url, String path, String jdbcUrl) {
        if (path.isEmpty()) {
            throw invalid(url, "it names no SQLite database file; write e.g. jdbc:sqlite:data/app.db, "
                    + "sqlite:///data/app.db, or an in-memory form");
        }
        if (path.startsWith(":")) {
            throw invalid(url, "a SQLite file path may not start with ':' (only :memory: is special)");
        }
        if (path.endsWith("/")) {
            throw invalid(url, "the SQLite path names a directory, not a database file");
        }
        Path file;
        try {
            file = Path.of(path).normalize();
        } catch (InvalidPathException e) {
            throw invalid(url, "the SQLite file path is not valid on this system");
        }
        if (file.toString().isEmpty()) {
            throw invalid(url, "the SQLite path names a directory, not a database file");
        }
        return new ParsedUrl(Engine.SQLITE, jdbcUrl != null ? jdbcUrl : JDBC_SQLITE + file, null, null, file, false);
    }

    // ---------------------------------------------------------------- percent-encoding

    private static void checkPercentEncoding(String url, String text, String where) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                throw malformed(url, where);
            }
        }
    }

    /** Decodes %XX escapes as UTF-8, leaving '+' alone (RFC 3986, as libpq and SQLAlchemy do). */
    private static String percentDecode(String url, String text, String where) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        checkPercentEncoding(url, text, where);
        StringBuilder out = new StringBuilder(text.length());
        ByteBuffer bytes = ByteBuffer.allocate(text.length() / 3);
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '%') {
                out.append(text.charAt(i++));
                continue;
            }
            bytes.clear();
            while (i < text.length() && text.charAt(i) == '%') {
                bytes.put((byte) Integer.parseInt(text, i + 1, i + 3, 16));
                i += 3;
            }
            bytes.flip();
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes);
                out.append(chars);
            } catch (CharacterCodingException e) {
                throw malformed(url, where);
            }
        }
        return out.toString();
    }

    private static IllegalArgumentException malformed(String url, String where) {
        return invalid(url, "the " + where + " has malformed percent-encoding: each % must be followed by two "
                + "hexadecimal digits, and the bytes must form UTF-8 (write a literal % as %25)");
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    // ---------------------------------------------------------------- masking

    /** Marks the password of the first {@code user:password@} user-info, up to the last '@' of the text. */
    private static void markUserInfoPassword(String text, boolean[] secret) {
        int lastAt = text.lastIndexOf('@');
        if (lastAt < 0) {
            return;
        }
        for (int separator = text.indexOf("://"); separator >= 0; separator = text.indexOf("://", separator + 3)) {
            if (markPasswordFrom(text, separator + 3, lastAt, secret)) {
                return;
            }
        }
        // no scheme://user:password@ (a "://" may also sit inside the password): "user:password@host", or
        // "jdbc:driver:user:password@host"
        int start = 0;
        if (text.regionMatches(true, 0, "jdbc:", 0, 5)) {
            if (text.regionMatches(true, 0, JDBC_SQLITE, 0, JDBC_SQLITE.length())) {
                return; // names a file, which may hold ':' and '@'
            }
            int colon = text.indexOf(':', 5);
            start = colon < 0 ? text.length() : colon + 1;
        }
        int userEnd = userEnd(text, start);
        if (!text.startsWith("//", userEnd + 1)) { // else that ':' began a "://" already looked at
            markPasswordFrom(text, start, lastAt, secret);
        }
    }

    private static int userEnd(String text, int from) {
        int i = from;
        while (i < text.length() && ":/?#@".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** Marks from after "user:" (user without ':/?#@') up to {@code lastAt}; false when there is no such shape. */
    private static boolean markPasswordFrom(String text, int start, int lastAt, boolean[] secret) {
        int i = userEnd(text, start);
        if (i >= text.length() || text.charAt(i) != ':' || lastAt <= i) {
            return false;
        }
        for (int p = i + 1; p < lastAt; p++) {
            secret[p] = true;
        }
        return true;
    }

    /** Marks the value of every secret-looking {@code key=value} that starts the text or follows '?', '&' or ';'. */
    private static void markSecretParameters(String text, boolean[] secret) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            boolean starts = i == 0 || "?&;".indexOf(text.charAt(i - 1)) >= 0;
            int keyEnd = starts ? keyEnd(text, i) : i;
            if (keyEnd == i || keyEnd >= n || text.charAt(keyEnd) != '=' || !isSecretKey(text.substring(i, keyEnd))) {
                i = Math.max(i + 1, keyEnd);
                continue;
            }
            char delimiter = i == 0 ? 0 : text.charAt(i - 1);
            int valueEnd = valueEnd(text, keyEnd + 1, delimiter);
            for (int p = keyEnd + 1; p < valueEnd; p++) {
                secret[p] = true;
            }
            i = valueEnd + 1;
        }
    }

    private static int keyEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isKeyChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-' || c == '%';
    }

    /**
     * A value ends at the separator of its style ('&' after '?' or '&', ';' after ';', either at the start) that is
     * followed by another {@code key=}; an unencoded separator inside a password is therefore masked too.
     */
    private static int valueEnd(String text, int from, char delimiter) {
        String separators = delimiter == ';' ? ";" : delimiter == 0 ? "&;" : "&";
        for (int i = from; i < text.length(); i++) {
            if (separators.indexOf(text.charAt(i)) >= 0) {
                int keyEnd = keyEnd(text, i + 1);
                if (keyEnd > i + 1 && keyEnd < text.length() && text.charAt(keyEnd) == '=') {
                    return i;
                }
            }
        }
        return text.length();
    }

    private static boolean isSecretKey(String rawKey) {
        String key = leniently(rawKey).toLowerCase(Locale.ROOT);
        return key.equals("pass") || key.equals("pwd") || key.equals("passwd") || key.equals("key")
                || key.contains("password") || key.contains("secret") || key.contains("token");
    }

    /** Decodes %XX escapes of ASCII characters where well-formed; everything else stays as it is. */
    private static String leniently(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                out.append((char) Integer.parseInt(text, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void appendPrintable(StringBuilder out, int cp) {
        if (cp == ' ' || !isForbidden(cp)) {
            out.appendCodePoint(cp);
        } else if (cp == '\n') {
            out.append("\\n");
        } else if (cp == '\r') {
            out.append("\\r");
        } else if (cp == '\t') {
            out.append("\\t");
        } else {
            for (char c : Character.toChars(cp)) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
    }

    // ---------------------------------------------------------------- characters and messages

    /** Control characters, whitespace, invisible formatting characters and unpaired surrogates. */
    private static boolean isForbidden(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || type == Character.FORMAT || type == Character.SURROGATE;
    }

    private static int firstForbiddenChar(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isForbidden(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static int firstIndexOf(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return s.length();
    }

    /**
     * Text with no scheme at all is not shown: it is as likely a password pasted into the wrong variable as a URL.
     */
    private static IllegalArgumentException notAUrl(String text) {
        return new IllegalArgumentException("Invalid database URL (not shown: " + text.length() + " characters "
                + "without a scheme, perhaps a password in the wrong place): it does not start with a supported "
                + "scheme such as postgresql:// or sqlite:///. " + ACCEPTED_FORMS);
    }

    private static IllegalArgumentException invalid(String url, String problem) {
        String shown = mask(url);
        if (shown.length() > MAX_SHOWN_CHARS) {
            int cut = Character.isHighSurrogate(shown.charAt(MAX_SHOWN_CHARS - 1)) ? MAX_SHOWN_CHARS - 1
                    : MAX_SHOWN_CHARS;
            shown = shown.substring(0, cut) + "… (" + (shown.length() - cut) + " more characters)";
        }
        return new IllegalArgumentException("Invalid database URL '" + shown + "': " + problem + ". "
                + ACCEPTED_FORMS);
    }
}
