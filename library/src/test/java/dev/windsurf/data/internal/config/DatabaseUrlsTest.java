package dev.windsurf.data.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.windsurf.data.Engine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlsTest {

    /** Reads a JDBC URL the way pgjdbc does when it connects: null when pgjdbc would refuse it. */
    private static Properties pgjdbcReads(String jdbcUrl) {
        return org.postgresql.Driver.parseURL(jdbcUrl, new Properties());
    }

    @Nested
    class JdbcPostgresqlUrls {

        @Test
        void shouldPassAJdbcUrlThroughUnchanged() {
            // Given a JDBC URL with two hosts and a parameter
            String url = "jdbc:postgresql://db1.example.com:5432,db2.example.com:5433/app?sslmode=require";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then it goes to pgjdbc as it is, without credentials
            assertThat(parsed.engine()).isEqualTo(Engine.POSTGRESQL);
            assertThat(parsed.jdbcUrl()).isEqualTo(url);
            assertThat(parsed.username()).isNull();
            assertThat(parsed.password()).isNull();
            assertThat(parsed.sqliteFile()).isNull();
            assertThat(parsed.inMemory()).isFalse();
        }

        @Test
        void shouldReportUserAndPasswordFromTheQueryAndKeepThemInTheUrl() {
            // Given credentials in the query, encoded as pgjdbc decodes them ('+' is a space there)
            String url = "jdbc:postgresql://localhost/app?user=app+owner&password=p%40ss&ssl=true";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then pgjdbc still reads them from the URL, and they are reported as pgjdbc reads them
            assertThat(parsed.jdbcUrl()).isEqualTo(url);
            assertThat(parsed.username()).isEqualTo("app owner").isEqualTo(pgjdbcReads(url).getProperty("user"));
            assertThat(parsed.password()).isEqualTo("p@ss").isEqualTo(pgjdbcReads(url).getProperty("password"));
        }

        @Test
        void shouldReadAnEncodedAtSignInTheUserParameter() {
            // Given a user name holding an '@', as some hosted services ask for
            String url = "jdbc:postgresql://db.example.com/app?user=admin%40server";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the user name is decoded and the URL unchanged
            assertThat(parsed.username()).isEqualTo("admin@server");
            assertThat(parsed.jdbcUrl()).isEqualTo(url);
        }

        @Test
        void shouldLowerCaseTheJdbcPrefixBecausePgjdbcOnlyAcceptsItInLowerCase() {
            // Given a JDBC URL typed in upper case
            String url = "JDBC:PostgreSQL://localhost:5432/app";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then only the prefix changes, and pgjdbc accepts the result
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
            assertThat(pgjdbcReads(parsed.jdbcUrl())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"jdbc:postgresql://localhost", "jdbc:postgresql://localhost?ssl=true"})
        void shouldAddTheSlashPgjdbcNeedsAfterTheHosts(String url) {
            // Given a JDBC URL without a path, which pgjdbc refuses
            assertThat(pgjdbcReads(url)).isNull();

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the result names no database, and pgjdbc accepts it
            assertThat(parsed.jdbcUrl()).startsWith("jdbc:postgresql://localhost/");
            assertThat(pgjdbcReads(parsed.jdbcUrl())).isNotNull();
        }

        @Test
        void shouldMoveUserInfoOutOfAJdbcUrlBecausePgjdbcWouldTakeItForPartOfTheHost() {
            // Given a JDBC URL with user-info, which pgjdbc does not understand
            String url = "jdbc:postgresql://app:s%3Acret@localhost:5432/app";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the credentials are reported and the URL no longer holds them
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
            assertThat(parsed.username()).isEqualTo("app");
            assertThat(parsed.password()).isEqualTo("s:cret");
            assertThat(pgjdbcReads(parsed.jdbcUrl()).getProperty("PGHOST")).isEqualTo("localhost");
        }

        @Test
        void shouldAcceptBracketedIpv6Hosts() {
            // Given a JDBC URL with IPv6 hosts
            String url = "jdbc:postgresql://[::1]:5432,[2001:db8::7]/app";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then it is passed through and pgjdbc reads both hosts
            assertThat(parsed.jdbcUrl()).isEqualTo(url);
            assertThat(pgjdbcReads(url).getProperty("PGHOST")).isEqualTo("[::1],[2001:db8::7]");
        }
    }

    @Nested
    class LibpqAndSqlAlchemyPostgresqlUrls {

        @ParameterizedTest
        @ValueSource(strings = {"postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg2",
            "postgresql+psycopg", "PostgreSQL", "POSTGRES", "postgresql+PSYCOPG2"})
        void shouldTakeTheCredentialsOutOfTheUrlForEveryScheme(String scheme) {
            // Given a URL with user-info in one of the accepted schemes
            String url = scheme + "://app:secret@db.example.com:6543/orders?sslmode=require";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the JDBC URL has host, port, database and parameters but no credentials
            assertThat(parsed.engine()).isEqualTo(Engine.POSTGRESQL);
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/orders?sslmode=require");
            assertThat(parsed.username()).isEqualTo("app");
            assertThat(parsed.password()).isEqualTo("secret");
            assertThat(parsed.sqliteFile()).isNull();
            assertThat(parsed.inMemory()).isFalse();
        }

        @Test
        void shouldProduceAUrlPgjdbcReadsAsTheSameServerAndDatabase() {
            // Given a Heroku-style URL
            String url = "postgres://u:pw@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d8abc?sslmode=require";

            // When it is parsed
            Properties read = pgjdbcReads(DatabaseUrls.parse(url).jdbcUrl());

            // Then pgjdbc sees the host, port, database and SSL mode, and no credentials
            assertThat(read.getProperty("PGHOST")).isEqualTo("ec2-1-2-3-4.compute-1.amazonaws.com");
            assertThat(read.getProperty("PGPORT")).isEqualTo("5432");
            assertThat(read.getProperty("PGDBNAME")).isEqualTo("d8abc");
            assertThat(read.getProperty("sslmode")).isEqualTo("require");
            assertThat(read).doesNotContainKeys("user", "password");
        }

        @ParameterizedTest
        @MethodSource("dev.windsurf.data.internal.config.DatabaseUrlsTest#percentEncodedCredentials")
        void shouldPercentDecodeUserAndPassword(String encodedUser, String encodedPassword, String user,
                                                String password) {
            // Given credentials that are percent-encoded
            String url = "postgresql://" + encodedUser + ":" + encodedPassword + "@localhost/app";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then they are reported decoded, '+' staying a '+' as in libpq and SQLAlchemy
            assertThat(parsed.username()).isEqualTo(user);
            assertThat(parsed.password()).isEqualTo(password);
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/app");
        }

        @Test
        void shouldReadAPasswordWithUnencodedAtSignsUpToTheLastAtSign() {
            // Given a pooler URL as people paste it, with '@' unencoded in the password
            String url = "postgresql://postgres.abcdef:1@Some11@Any1@aws-0-eu-central-1.pooler.supabase.com:6543/postgres";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the host follows the last '@'
            assertThat(parsed.username()).isEqualTo("postgres.abcdef");
            assertThat(parsed.password()).isEqualTo("1@Some11@Any1");
            assertThat(parsed.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres");
        }

        @ParameterizedTest
        @MethodSource("dev.windsurf.data.internal.config.DatabaseUrlsTest#ipv6Hosts")
        void shouldAcceptBracketedIpv6Hosts(String hosts, String expectedPgHost) {
            // Given a URL whose hosts are IPv6 literals
            String url = "postgresql://app:pw@" + hosts + "/app";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the brackets are kept and pgjdbc reads the addresses
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://" + hosts + "/app");
            assertThat(pgjdbcReads(parsed.jdbcUrl()).getProperty("PGHOST")).isEqualTo(expectedPgHost);
        }

        @Test
        void shouldKeepEveryHostOfAMultiHostUrl() {
            // Given a URL with three hosts, one without a port
            String url = "postgresql://app:pw@primary:5432,replica1:5433,replica2/app?target_session_attrs=read-write";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then pgjdbc sees the same three hosts, the one without a port on the default port
            assertThat(parsed.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://primary:5432,replica1:5433,replica2/app?target_session_attrs=read-write");
            Properties read = pgjdbcReads(parsed.jdbcUrl());
            assertThat(read.getProperty("PGHOST")).isEqualTo("primary,replica1,replica2");
            assertThat(read.getProperty("PGPORT")).isEqualTo("5432,5433,5432");
        }

        @Test
        void shouldTakeCredentialsGivenAsQueryParametersOutOfTheUrl() {
            // Given libpq-style credentials in the query
            String url = "postgresql://db:5432/app?user=app&password=p%26ss&sslmode=verify-full";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then they are reported decoded and removed, other parameters kept
            assertThat(parsed.username()).isEqualTo("app");
            assertThat(parsed.password()).isEqualTo("p&ss");
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=verify-full");
        }

        @Test
        void shouldKeepThePlusSignsOfTheDatabaseAndParametersAsLibpqReadsThem() {
            // Given '+' in the database name and a parameter, which libpq keeps and pgjdbc would read as a space
            String url = "postgresql://db/c++app?application_name=a+b";

            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then pgjdbc reads the same values libpq would
            Properties read = pgjdbcReads(parsed.jdbcUrl());
            assertThat(read.getProperty("PGDBNAME")).isEqualTo("c++app");
            assertThat(read.getProperty("application_name")).isEqualTo("a+b");
        }

        @ParameterizedTest
        @ValueSource(strings = {"postgresql://db", "postgresql://db/", "postgresql://db?"})
        void shouldAcceptAUrlWithoutDatabaseOrCredentials(String url) {
            // Given a URL with only a host
            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the JDBC URL names no database (pgjdbc then uses the user name) and there are no credentials
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db/");
            assertThat(parsed.username()).isNull();
            assertThat(parsed.password()).isNull();
            assertThat(pgjdbcReads(parsed.jdbcUrl())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"postgresql://app@db/app", "postgresql://app:@db/app"})
        void shouldReportAnEmptyOrMissingPasswordAsAbsent(String url) {
            // Given a user without a password
            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the user is reported and the password is null
            assertThat(parsed.username()).isEqualTo("app");
            assertThat(parsed.password()).isNull();
        }

        @Test
        void shouldReportAnEmptyUserAsAbsent() {
            // When a URL with a password but an empty user is parsed
            ParsedUrl parsed = DatabaseUrls.parse("postgresql://:pw@db/app");

            // Then the user is null
            assertThat(parsed.username()).isNull();
            assertThat(parsed.password()).isEqualTo("pw");
        }

        @Test
        void shouldWriteThePortWithoutLeadingZeros() {
            // When a port with leading zeros is parsed
            ParsedUrl parsed = DatabaseUrls.parse("postgresql://db:05432/app");

            // Then the JDBC URL holds the plain number
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app");
        }

        @ParameterizedTest
        @ValueSource(strings = {"db:1", "db:65535"})
        void shouldAcceptTheLowestAndHighestPort(String hostAndPort) {
            // When a URL with a port at either end of the range is parsed
            ParsedUrl parsed = DatabaseUrls.parse("postgresql://" + hostAndPort + "/app");

            // Then the port is kept
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://" + hostAndPort + "/app");
        }

        @Test
        void shouldIgnoreSurroundingWhitespace() {
            // When a URL pasted with spaces and a line break around it is parsed
            ParsedUrl parsed = DatabaseUrls.parse("  \tpostgresql://app:pw@db/app\n");

            // Then it reads as without them
            assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
            assertThat(parsed.password()).isEqualTo("pw");
        }
    }

    @Nested
    class SqliteUrls {

        @ParameterizedTest
        @MethodSource("dev.windsurf.data.internal.config.DatabaseUrlsTest#sqliteFiles")
        void shouldReadTheFileOfEveryFileForm(String url, String expectedJdbcUrl, String expectedFile) {
            // Given a URL naming a SQLite file
            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then the file and the JDBC URL are as given, the path lexically normalised
            assertThat(parsed.engine()).isEqualTo(Engine.SQLITE);
            assertThat(parsed.jdbcUrl()).isEqualTo(expectedJdbcUrl);
            assertThat(parsed.sqliteFile()).isEqualTo(Path.of(expectedFile));
            assertThat(parsed.inMemory()).isFalse();
            assertThat(parsed.username()).isNull();
            assertThat(parsed.password()).isNull();
        }

        @ParameterizedTest
        @MethodSource("dev.windsurf.data.internal.config.DatabaseUrlsTest#sqliteInMemory")
        void shouldRecogniseEveryInMemoryForm(String url, String expectedJdbcUrl) {
            // Given a URL naming an in-memory database
            // When it is parsed
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // Then it is in memory and has no file
            assertThat(parsed.engine()).isEqualTo(Engine.SQLITE);
            assertThat(parsed.inMemory()).isTrue();
            assertThat(parsed.sqliteFile()).isNull();
            assertThat(parsed.jdbcUrl()).isEqualTo(expectedJdbcUrl);
            assertThat(parsed.username()).isNull();
            assertThat(parsed.password()).isNull();
        }

        @Test
        void shouldGiveAJdbcUrlThatOpensTheNamedFile(@TempDir Path directory) throws Exception {
            // Given a SQLAlchemy URL for an absolute path
            Path expected = directory.resolve("sub/../windsurf.db");
            ParsedUrl parsed = DatabaseUrls.parse("sqlite:///" + expected);

            // When a table is created through the JDBC URL
            try (Connection connection = DriverManager.getConnection(parsed.jdbcUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id INTEGER)");
            }

            // Then the file named by sqliteFile exists
            assertThat(parsed.sqliteFile()).isEqualTo(directory.resolve("windsurf.db"));
            assertThat(Files.size(parsed.sqliteFile())).isPositive();
        }
    }

    @Nested
    class Rejections {

        @Test
        void shouldRejectNullWithANullPointerException() {
            assertThatThrownBy(() -> DatabaseUrls.parse(null))
                    .isExactlyInstanceOf(NullPointerException.class)
                    .hasMessage("url cannot be null");
        }

        @ParameterizedTest
        @MethodSource("dev.windsurf.data.internal.config.DatabaseUrlsTest#rejectedUrls")
        void shouldSayWhatIsWrongWithoutShowingThePassword(String url, String problem, String secret) {
            // Given a URL that is not accepted
            // When it is parsed
            Throwable thrown = catchThrowable(() -> DatabaseUrls.parse(url));

            // Then the message names the problem, lists the accepted forms and shows no secret or control character
            assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(thrown.getMessage())
                    .startsWith("Invalid database URL ")
                    .containsIgnoringCase(problem)
                    .contains(DatabaseUrls.ACCEPTED_FORMS);
            if (secret != null) {
                assertThat(thrown.getMessage()).doesNotContain(secret);
            }
            assertThat(thrown.getMessage().chars().filter(Character::isISOControl)).isEmpty();
        }

        @Test
        void shouldShowTheRejectedUrlMaskedInTheMessage() {
            // When a URL with an unsupported scheme and a password is parsed
            Throwable thrown = catchThrowable(() -> DatabaseUrls.parse("mysql://root:hunter2@db:3306/app"));

            // Then the message shows the URL as mask() does
            assertThat(thrown).hasMessageContaining("'mysql://root:****@db:3306/app'")
                    .hasMessageContaining("scheme 'mysql'");
        }

        @Test
        void shouldShortenAVeryLongUrlInTheMessage() {
            // When a URL of ten thousand characters is parsed
            Throwable thrown = catchThrowable(() -> DatabaseUrls.parse("mysql://" + "a".repeat(10_000)));

            // Then the message shows only its start and says how much was left out
            assertThat(thrown.getMessage()).hasSizeLessThan(1_500).contains("more characters)");
        }
    }

    @Nested
    class Masking {

        @ParameterizedTest
        @MethodSource("dev.windsurf.data.internal.config.DatabaseUrlsTest#maskedUrls")
        void shouldReplaceEverySecretAndKeepTheRest(String url, String expected) {
            assertThat(DatabaseUrls.mask(url)).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "hello world", "/var/lib/windsurf/data.db", "jdbc:sqlite::memory:",
            "jdbc:postgresql://db:5432/app?sslmode=require&user=app", "sqlite:///./data/windsurf.db",
            "postgresql://app@db/app", "postgresql://app:@db/app", "jdbc:sqlite:/srv/me@corp/data.db",
            "someone@example.com", "https://example.com/a?b=c;d=e"})
        void shouldLeaveTextWithoutSecretsUnchanged(String text) {
            assertThat(DatabaseUrls.mask(text)).isEqualTo(text);
        }

        @Test
        void shouldReturnTheWordNullForNull() {
            assertThat(DatabaseUrls.mask(null)).isEqualTo("null");
        }

        @Test
        void shouldEscapeControlAndInvisibleCharactersSoTheResultFitsOneLogLine() {
            // Given text with a line break, a NUL, a tab, a right-to-left override and a lone surrogate
            String text = "postgresql://db/app\nFAKE LOG LINE\u0000\t\u202Eend\uD800";

            // When it is masked
            String masked = DatabaseUrls.mask(text);

            // Then each is shown escaped and the rest stays
            assertThat(masked).isEqualTo("postgresql://db/app\\nFAKE LOG LINE\\u0000\\t\\u202Eend\\uD800");
        }

        @Test
        void shouldBeStableWhenAppliedTwice() {
            // Given a masked URL
            String once = DatabaseUrls.mask("postgresql://app:pw@db/app?sslpassword=k&x=1");

            // When it is masked again
            String twice = DatabaseUrls.mask(once);

            // Then nothing changes
            assertThat(twice).isEqualTo(once).isEqualTo("postgresql://app:****@db/app?sslpassword=****&x=1");
        }
    }

    @Nested
    class ParsedUrlRecord {

        @ParameterizedTest
        @ValueSource(strings = {"postgresql://app:Sup3rS3cret@db/app",
            "jdbc:postgresql://db/app?user=app&password=Sup3rS3cret",
            "jdbc:postgresql://app:Sup3rS3cret@db/app"})
        void shouldNotShowThePasswordInToString(String url) {
            // Given a parsed URL with a password
            ParsedUrl parsed = DatabaseUrls.parse(url);

            // When it is printed
            String text = parsed.toString();

            // Then the password is masked, the user is shown
            assertThat(parsed.password()).isEqualTo("Sup3rS3cret");
            assertThat(text).doesNotContain("Sup3rS3cret").contains("password=****").contains("username=app");
        }

        @Test
        void shouldShowNullWhenThereIsNoPassword() {
            assertThat(DatabaseUrls.parse("jdbc:sqlite:app.db").toString())
                    .isEqualTo("ParsedUrl[engine=SQLITE, jdbcUrl=jdbc:sqlite:app.db, username=null, password=null, "
                            + "sqliteFile=app.db, inMemory=false]");
        }

        @Test
        void shouldRefuseFieldsThatDescribeNoSingleDatabase() {
            assertThatThrownBy(() -> new ParsedUrl(Engine.POSTGRESQL, "jdbc:postgresql://db/", null, null,
                    Path.of("x.db"), false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sqliteFile=x.db");
            assertThatThrownBy(() -> new ParsedUrl(Engine.SQLITE, "jdbc:sqlite::memory:", null, null,
                    Path.of("x.db"), true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("inMemory=true");
            assertThatThrownBy(() -> new ParsedUrl(Engine.SQLITE, "jdbc:sqlite:x.db", null, null, null, false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ParsedUrl(null, "jdbc:sqlite:x.db", null, null, Path.of("x.db"), false))
                    .isInstanceOf(NullPointerException.class).hasMessage("engine cannot be null");
        }
    }

    @Nested
    class GeneratedInput {

        private static final long SEED = 20261124L;
        private static final String PASSWORD_CHARS =
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";

        @Test
        void shouldEitherParseOrThrowIllegalArgumentForHostileInput() {
            // Given a few hundred hostile strings: random characters and mutations of valid URLs
            Random random = new Random(SEED);
            List<String> inputs = hostileInputs(random, 600);

            for (String input : inputs) {
                // When each is parsed
                Throwable thrown = catchThrowable(() -> DatabaseUrls.parse(input));

                // Then it is read or refused with IllegalArgumentException and a printable message, nothing else
                if (thrown != null) {
                    assertThat(thrown).as("input %s", DatabaseUrls.mask(input))
                            .isExactlyInstanceOf(IllegalArgumentException.class);
                    assertThat(thrown.getMessage().chars().filter(Character::isISOControl))
                            .as("message for %s", DatabaseUrls.mask(input)).isEmpty();
                }
            }
        }

        @Test
        void shouldNeverThrowFromMaskWhateverTheInput() {
            // Given hostile strings
            List<String> inputs = hostileInputs(new Random(SEED + 1), 600);

            // When each is masked, then nothing is thrown and the result is printable
            for (String input : inputs) {
                assertThatCode(() -> DatabaseUrls.mask(input)).doesNotThrowAnyException();
                assertThat(DatabaseUrls.mask(input).chars().filter(Character::isISOControl)).isEmpty();
            }
        }

        @Test
        void shouldNeverShowAnEmbeddedPasswordWhenMasking() {
            // Given random passwords, with any printable character, embedded in every form a URL can hold them
            Random random = new Random(SEED + 2);
            for (int i = 0; i < 400; i++) {
                String password = randomPassword(random);
                String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
                String url = embed(random, password, encoded);

                // When the URL is masked
                String masked = DatabaseUrls.mask(url);

                // Then no piece of the password or of its encoded form appears
                assertShowsNoPieceOf(masked, password, url);
                assertShowsNoPieceOf(masked, encoded, url);
            }
        }

        @Test
        void shouldNeverShowAnEmbeddedPasswordWhenRejectingOrPrintingAUrl() {
            // Given URLs with random passwords written unencoded, so that many of them cannot be parsed
            Random random = new Random(SEED + 3);
            int rejected = 0;
            for (int i = 0; i < 400; i++) {
                String password = randomPassword(random);
                String scheme = List.of("postgresql", "postgres", "postgresql+asyncpg", "jdbc:postgresql")
                        .get(random.nextInt(4));
                String url = scheme + "://app:" + password + "@db.example.com:5432/app?sslmode=require";

                // When it is parsed
                Throwable thrown = catchThrowable(() -> DatabaseUrls.parse(url));

                // Then the error shows the URL only as mask() does, and neither it nor the result shows the password
                if (thrown != null) {
                    rejected++;
                    assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
                    String shown = "Invalid database URL '" + DatabaseUrls.mask(url) + "': ";
                    assertThat(thrown.getMessage()).as("message for %s", url).startsWith(shown);
                    assertThat(thrown.getMessage().substring(shown.length())).doesNotContain(password);
                    assertShowsNoPieceOf(DatabaseUrls.mask(url), password, url);
                } else {
                    assertShowsNoPieceOf(DatabaseUrls.parse(url).toString(), password, url);
                }
            }
            assertThat(rejected).as("some generated passwords hold characters that must be encoded").isPositive();
        }

        @Test
        void shouldGiveBackEveryPercentEncodedPassword() {
            // Given random passwords, percent-encoded as they should be
            Random random = new Random(SEED + 4);
            for (int i = 0; i < 300; i++) {
                String password = randomPassword(random) + new String(Character.toChars(0x00E9 + random.nextInt(64)));
                String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");

                // When a URL holding one is parsed
                ParsedUrl parsed = DatabaseUrls.parse("postgresql+psycopg2://app:" + encoded + "@db/app");

                // Then the password is read back exactly and is not in the JDBC URL
                assertThat(parsed.password()).isEqualTo(password);
                assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
            }
        }

        /**
         * Fails if any four characters of the secret in a row are shown, unless they also occur in the URL outside
         * the secret (such as "5432") or are only '*'.
         */
        private static void assertShowsNoPieceOf(String shown, String secret, String url) {
            String rest = url.replace(secret, "\u0000");
            for (int i = 0; i + 4 <= secret.length(); i++) {
                String piece = secret.substring(i, i + 4);
                if (!rest.contains(piece) && !piece.equals("****")) {
                    assertThat(shown).as("%s shows %s of secret %s", shown, piece, secret).doesNotContain(piece);
                }
            }
        }

        private static String randomPassword(Random random) {
            StringBuilder password = new StringBuilder();
            int length = 12 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                password.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
            }
            // a fixed marker makes the password impossible to find by accident in the rest of the URL
            return "Q" + password + "Z";
        }

        private static String embed(Random random, String password, String encoded) {
            String user = List.of("app", "app.owner", "", "u_1").get(random.nextInt(4));
            String host = List.of("db", "db.example.com:5432", "[::1]:5432", "h1:5432,h2:5433").get(random.nextInt(4));
            String valueSafe = password.replace("&", "").replace(";", "");
            String tail = List.of("", "/app", "/app?sslmode=require", "/app?x=me@corp").get(random.nextInt(4));
            return switch (random.nextInt(9)) {
                case 0 -> "postgresql://" + user + ":" + password + "@" + host + tail;
                case 1 -> "postgresql://" + user + ":" + encoded + "@" + host + tail;
                case 2 -> "jdbc:postgresql://" + host + "/app?user=" + user + "&password=" + encoded + "&ssl=true";
                case 3 -> "jdbc:postgresql://" + host + "/app?ssl=true&PASSWORD=" + valueSafe;
                case 4 -> "jdbc:sqlserver://" + host + ";user=" + user + ";pwd=" + password.replace(";", "") + ";db=x";
                case 5 -> "mysql://" + user + ":" + password + "@" + host + tail + "?sslpassword=" + encoded;
                case 6 -> user + ":" + password + "@" + host + tail;
                case 7 -> "jdbc:postgresql://" + host + "/app?pass=" + valueSafe;
                default -> "redis://" + user + ":" + password + "@" + host + "\n" + tail;
            };
        }

        private static List<String> hostileInputs(Random random, int count) {
            List<String> seeds = List.of("postgresql://app:pw@db:5432/app?sslmode=require",
                    "jdbc:postgresql://[::1]:5432,h2/app?user=a&password=b", "sqlite:///./data/windsurf.db",
                    "sqlite:////var/x.db", "jdbc:sqlite:file:mem?mode=memory&cache=shared", "jdbc:sqlite::memory:",
                    "postgres://u:p%40ss@[2001:db8::1]:6543/d", "sqlite+aiosqlite://");
            String alphabet = ":/?#[]@!$&'()*+,;=%-._~ \t\n\r\u0000\u007F\u0085\u00A0\u200B\u202E\u2028\uD800\uDC00"
                    + "\uFEFFaZ09é漢\uD83D\uDE00";
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                StringBuilder s;
                if (random.nextBoolean()) {
                    s = new StringBuilder();
                    int length = random.nextInt(40);
                    for (int j = 0; j < length; j++) {
                        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                } else {
                    s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
                    int edits = 1 + random.nextInt(4);
                    for (int e = 0; e < edits && !s.isEmpty(); e++) {
                        int at = random.nextInt(s.length());
                        char c = alphabet.charAt(random.nextInt(alphabet.length()));
                        switch (random.nextInt(3)) {
                            case 0 -> s.insert(at, c);
                            case 1 -> s.deleteCharAt(at);
                            default -> s.setCharAt(at, c);
                        }
                    }
                }
                inputs.add(s.toString());
            }
            inputs.add("");
            inputs.add("%".repeat(1000));
            inputs.add("postgresql://" + "@".repeat(1000));
            inputs.add("postgresql://[" + ":".repeat(1000) + "]/x");
            inputs.add("://".repeat(1000));
            inputs.add("?password=&".repeat(1000));
            return inputs;
        }
    }

    // ---------------------------------------------------------------- test data

    static Stream<Arguments> percentEncodedCredentials() {
        return Stream.of(
                Arguments.of("app", "p%40ss", "app", "p@ss"),
                Arguments.of("app%40corp", "a%3Ab%2Fc%3Fd%23e%25f", "app@corp", "a:b/c?d#e%f"),
                Arguments.of("%C3%A9lodie", "%E6%BC%A2%F0%9F%98%80", "élodie", "漢\uD83D\uDE00"),
                Arguments.of("app", "a+b%20c", "app", "a+b c"),
                Arguments.of("app", "has:colons:inside", "app", "has:colons:inside"));
    }

    static Stream<Arguments> ipv6Hosts() {
        return Stream.of(
                Arguments.of("[::1]:5432", "[::1]"),
                Arguments.of("[::1]", "[::1]"),
                Arguments.of("[2001:db8:0:0:0:0:0:1]:6543,db2:5433", "[2001:db8:0:0:0:0:0:1],db2"),
                Arguments.of("[::ffff:192.0.2.1]:5432", "[::ffff:192.0.2.1]"));
    }

    static Stream<Arguments> sqliteFiles() {
        String absolute = Path.of("/var/lib/windsurf/app.db").toString();
        return Stream.of(
                Arguments.of("jdbc:sqlite:data/app.db", "jdbc:sqlite:data/app.db", "data/app.db"),
                Arguments.of("jdbc:sqlite:/var/lib/windsurf/app.db?journal_mode=WAL",
                        "jdbc:sqlite:/var/lib/windsurf/app.db?journal_mode=WAL", absolute),
                Arguments.of("JDBC:SQLite:app.db", "jdbc:sqlite:app.db", "app.db"),
                Arguments.of("jdbc:sqlite:../shared/app.db", "jdbc:sqlite:../shared/app.db", "../shared/app.db"),
                Arguments.of("jdbc:sqlite:file:data/app.db?mode=ro", "jdbc:sqlite:file:data/app.db?mode=ro",
                        "data/app.db"),
                Arguments.of("jdbc:sqlite:file:///var/lib/windsurf/app%20v2.db",
                        "jdbc:sqlite:file:///var/lib/windsurf/app%20v2.db", "/var/lib/windsurf/app v2.db"),
                Arguments.of("jdbc:sqlite:file://localhost/var/lib/windsurf/app.db",
                        "jdbc:sqlite:file://localhost/var/lib/windsurf/app.db", absolute),
                Arguments.of("sqlite:///./data/windsurf.db", "jdbc:sqlite:data/windsurf.db", "data/windsurf.db"),
                Arguments.of("sqlite:///relative/path.db", "jdbc:sqlite:relative/path.db", "relative/path.db"),
                Arguments.of("sqlite:///../up/./x.db", "jdbc:sqlite:../up/x.db", "../up/x.db"),
                Arguments.of("sqlite:////var/lib/windsurf/app.db", "jdbc:sqlite:" + absolute, absolute),
                Arguments.of("sqlite+aiosqlite:///./data/windsurf.db", "jdbc:sqlite:data/windsurf.db",
                        "data/windsurf.db"),
                Arguments.of("sqlite+pysqlite:////var/lib/windsurf/app.db", "jdbc:sqlite:" + absolute, absolute),
                Arguments.of("SQLite:///App.DB", "jdbc:sqlite:App.DB", "App.DB"),
                Arguments.of("  sqlite:///x.db \n", "jdbc:sqlite:x.db", "x.db"));
    }

    static Stream<Arguments> sqliteInMemory() {
        String memory = "jdbc:sqlite::memory:";
        return Stream.of(
                Arguments.of("jdbc:sqlite::memory:", memory),
                Arguments.of("jdbc:sqlite::memory:?foreign_keys=on", "jdbc:sqlite::memory:?foreign_keys=on"),
                Arguments.of("jdbc:sqlite:file:shared?mode=memory&cache=shared",
                        "jdbc:sqlite:file:shared?mode=memory&cache=shared"),
                Arguments.of("jdbc:sqlite:file::memory:?cache=shared", "jdbc:sqlite:file::memory:?cache=shared"),
                Arguments.of("Jdbc:Sqlite::memory:", memory),
                Arguments.of("sqlite::memory:", memory),
                Arguments.of("sqlite://", memory),
                Arguments.of("sqlite:///:memory:", memory),
                Arguments.of("SQLITE://", memory),
                Arguments.of("sqlite+aiosqlite://", memory),
                Arguments.of("sqlite+aiosqlite:///:memory:", memory),
                Arguments.of("sqlite+pysqlite://", memory),
                Arguments.of("sqlite+pysqlite::memory:", memory));
    }

    static Stream<Arguments> rejectedUrls() {
        return Stream.of(
                // empty and blank
                Arguments.of("", "empty", null),
                Arguments.of("   \t \n ", "empty", null),
                // control characters and embedded whitespace anywhere
                Arguments.of("postgresql://app:hunter2@db/app\u0000", "control character", "hunter2"),
                Arguments.of("postgresql://app:hunter2@db/\napp", "control character", "hunter2"),
                Arguments.of("postgresql://app:hunter2@db/app\r\nX-Injected: 1", "control character", "hunter2"),
                Arguments.of("postgresql://app:hunt er2@db/app", "whitespace", "hunt er2"),
                Arguments.of("jdbc:sqlite:my data.db", "whitespace", null),
                Arguments.of("postgresql://db/app\u202E", "control character", null),
                Arguments.of("postgresql://db/a\u200Bpp", "control character", null),
                Arguments.of("postgresql://db/app\u00A0", "whitespace", null),
                Arguments.of("postgresql://db/a\u2028pp", "whitespace", null),
                Arguments.of("postgresql://db/app\uD800", "control character", null),
                Arguments.of("\u0000", "control character", null),
                // unknown schemes and things that are not URLs
                Arguments.of("mysql://root:hunter2@db:3306/app", "scheme 'mysql' is not supported", "hunter2"),
                Arguments.of("http://db.example.com/app", "scheme 'http' is not supported", null),
                Arguments.of("jdbc:mysql://root:hunter2@db/app", "'jdbc:mysql:' is not supported", "hunter2"),
                Arguments.of("jdbc:h2:mem:test", "'jdbc:h2:' is not supported", null),
                Arguments.of("jdbc:", "not a JDBC URL", null),
                Arguments.of("/var/lib/windsurf/app.db", "does not start with a supported scheme", null),
                Arguments.of("app.db", "does not start with a supported scheme", null),
                Arguments.of("not-a-url", "does not start with a supported scheme", null),
                Arguments.of("::::", "does not start with a supported scheme", null),
                Arguments.of("app:hunter2@db/app", "scheme 'app' is not supported", "hunter2"),
                Arguments.of("postgresql+mysqldb://app:hunter2@db/app", "driver 'mysqldb' is not supported",
                        "hunter2"),
                Arguments.of("sqlite+pysqlcipher://:hunter2@/app.db", "driver 'pysqlcipher' is not supported",
                        "hunter2"),
                // PostgreSQL without a host
                Arguments.of("postgresql:///app", "no host", null),
                Arguments.of("postgresql://", "no host", null),
                Arguments.of("postgresql://app:hunter2@/app", "no host", "hunter2"),
                Arguments.of("postgresql:app", "no host", null),
                Arguments.of("jdbc:postgresql:app", "no host", null),
                Arguments.of("jdbc:postgresql:///app", "no host", null),
                Arguments.of("postgresql://db1,,db2/app", "no host", null),
                Arguments.of("postgresql://db1:5432,/app", "no host", null),
                Arguments.of("postgresql://:5432/app", "no host", null),
                Arguments.of("postgresql://%2Fvar%2Frun%2Fpostgresql/app", "Unix-domain socket", null),
                Arguments.of("postgresql://db_!/app", "host name may contain only", null),
                // bad ports
                Arguments.of("postgresql://app:hunter2@db:0/app", "port must be a number from 1 to 65535", "hunter2"),
                Arguments.of("postgresql://db:65536/app", "port must be a number from 1 to 65535", null),
                Arguments.of("postgresql://db:99999/app", "port must be a number from 1 to 65535", null),
                Arguments.of("postgresql://db:123456/app", "port must be a number from 1 to 65535", null),
                Arguments.of("postgresql://db:/app", "port must be a number from 1 to 65535", null),
                Arguments.of("postgresql://db:-1/app", "port must be a number from 1 to 65535", null),
                Arguments.of("postgresql://db:+80/app", "port must be a number from 1 to 65535", null),
                Arguments.of("postgresql://db:5432x/app", "port must be a number from 1 to 65535", null),
                Arguments.of("jdbc:postgresql://db:99999/app", "port must be a number from 1 to 65535", null),
                Arguments.of("postgresql://[::1]:0/app", "port must be a number from 1 to 65535", null),
                // passwords with characters that had to be encoded
                Arguments.of("postgresql://app:hunt/er2@db/app", "percent-encoded", "hunt/er2"),
                Arguments.of("postgresql://app:hunt?er2@db/app", "percent-encoded", "hunt?er2"),
                Arguments.of("postgresql://app:hunt#er2@db/app", "percent-encoded", "hunt#er2"),
                Arguments.of("postgresql://app:12/05/1990@db/app", "percent-encoded", "12/05/1990"),
                // IPv6 written wrongly
                Arguments.of("postgresql://::1/app", "brackets", null),
                Arguments.of("postgresql://2001:db8::1:5432/app", "brackets", null),
                Arguments.of("postgresql://[::1/app", "not an IPv6 address", null),
                Arguments.of("postgresql://[db.example.com]/app", "not an IPv6 address", null),
                Arguments.of("postgresql://[1:2:3:4:5:6:7:8:9]/app", "not an IPv6 address", null),
                Arguments.of("postgresql://[::1]x/app", "followed only by :port", null),
                // malformed percent-encoding
                Arguments.of("postgresql://app:hunt%zzer2@db/app", "percent-encoding", "hunt%zzer2"),
                Arguments.of("postgresql://app:hunter2%4@db/app", "percent-encoding", "hunter2%4"),
                Arguments.of("postgresql://app:hunter2%@db/app", "percent-encoding", "hunter2%"),
                Arguments.of("postgresql://app:hunter2%C3%28@db/app", "percent-encoding", "hunter2%C3%28"),
                Arguments.of("postgresql://app%G1:hunter2@db/app", "percent-encoding", "hunter2"),
                Arguments.of("postgresql://db/app%2?sslmode=require", "percent-encoding", null),
                Arguments.of("postgresql://db/app?password=hunter2%", "percent-encoding", "hunter2"),
                Arguments.of("jdbc:postgresql://db/app?password=hunter2%x1", "percent-encoding", "hunter2"),
                // credentials that are ambiguous or unsafe
                Arguments.of("postgresql://app:hunter2@db/app?password=other", "password twice", "hunter2"),
                Arguments.of("postgresql://app@db/app?user=other", "user name twice", null),
                Arguments.of("jdbc:postgresql://db/app?user=a&user=b", "user name twice", null),
                Arguments.of("postgresql://app%0Aroot:hunter2@db/app", "control character once percent-decoded",
                        "hunter2"),
                Arguments.of("postgresql://app:hunter2%00@db/app", "control character once percent-decoded",
                        "hunter2"),
                Arguments.of("postgresql://db/a@pp", "unencoded '@' after the host", null),
                Arguments.of("postgresql://db/a/pp", "database name contains an unencoded '/'", null),
                Arguments.of("jdbc:postgresql://db/app?user=admin@server", "unencoded '@' after the host", null),
                Arguments.of("postgresql://app:hunter2@db/app?application_name=me@corp",
                        "unencoded '@' after the host", "hunter2"),
                // a password holding '?' that would otherwise leave its end in the query
                Arguments.of("postgresql://app:1234?hunter2@db/app", "unencoded '@' after the host", "hunter2"),
                Arguments.of("postgresql://app:pw@j?hunter2@db/app", "unencoded '@' after the host", "hunter2"),
                // SQLite without a file
                Arguments.of("jdbc:sqlite:", "names no SQLite database file", null),
                Arguments.of("jdbc:sqlite:?journal_mode=WAL", "names no SQLite database file", null),
                Arguments.of("jdbc:sqlite:file:", "names no SQLite database file", null),
                Arguments.of("jdbc:sqlite:file:?mode=ro", "names no SQLite database file", null),
                Arguments.of("sqlite:///", "names no SQLite database file", null),
                Arguments.of("sqlite+aiosqlite:///", "names no SQLite database file", null),
                Arguments.of("jdbc:sqlite:data/", "directory", null),
                Arguments.of("sqlite:///.", "directory", null),
                Arguments.of("jdbc:sqlite::resource:app.db", "may not start with ':'", null),
                Arguments.of("jdbc:sqlite:file://otherhost/app.db", "no host other than localhost", null),
                Arguments.of("jdbc:sqlite:file:app%zz.db", "percent-encoding", null),
                // SQLAlchemy SQLite forms written wrongly
                Arguments.of("sqlite://host/app.db", "has no host", null),
                Arguments.of("sqlite:app.db", "starts with sqlite:///", null),
                Arguments.of("sqlite:///app.db?check_same_thread=false", "options of the Python driver", null));
    }

    static Stream<Arguments> maskedUrls() {
        return Stream.of(
                Arguments.of("postgresql://app:hunter2@db:5432/app", "postgresql://app:****@db:5432/app"),
                Arguments.of("postgres://app:p%40ss@db/app?sslmode=require",
                        "postgres://app:****@db/app?sslmode=require"),
                Arguments.of("postgresql+asyncpg://app:hunter2@[::1]:5432/app",
                        "postgresql+asyncpg://app:****@[::1]:5432/app"),
                Arguments.of("jdbc:postgresql://app:hunter2@db/app", "jdbc:postgresql://app:****@db/app"),
                Arguments.of("mysql://root:hunter2@db:3306/app", "mysql://root:****@db:3306/app"),
                Arguments.of("redis://:hunter2@cache:6379/0", "redis://:****@cache:6379/0"),
                Arguments.of("app:hunter2@db.example.com/app", "app:****@db.example.com/app"),
                Arguments.of("jdbc:postgresql:app:hunter2@db/app", "jdbc:postgresql:app:****@db/app"),
                Arguments.of("jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true",
                        "jdbc:postgresql://db/app?user=app&password=****&ssl=true"),
                Arguments.of("jdbc:postgresql://db/app?PassWord=hunter2", "jdbc:postgresql://db/app?PassWord=****"),
                Arguments.of("jdbc:postgresql://db/app?sslpassword=k3y&sslmode=verify-full",
                        "jdbc:postgresql://db/app?sslpassword=****&sslmode=verify-full"),
                Arguments.of("jdbc:postgresql://db/app?pass=hunter2", "jdbc:postgresql://db/app?pass=****"),
                Arguments.of("jdbc:postgresql://db/app?PWD=hunter2", "jdbc:postgresql://db/app?PWD=****"),
                Arguments.of("jdbc:sqlserver://db;user=app;password=hunter2;database=x",
                        "jdbc:sqlserver://db;user=app;password=****;database=x"),
                Arguments.of("jdbc:sqlserver://db;pwd=hunt&er2;database=x", "jdbc:sqlserver://db;pwd=****;database=x"),
                Arguments.of("password=hunter2", "password=****"),
                Arguments.of("jdbc:sqlite:file:app.db?cipher=sqlcipher&key=hunter2",
                        "jdbc:sqlite:file:app.db?cipher=sqlcipher&key=****"),
                Arguments.of("jdbc:postgresql://db/app?pass%77ord=hunter2", "jdbc:postgresql://db/app?pass%77ord=****"),
                Arguments.of("jdbc:postgresql://db/app?password=hunt&er2", "jdbc:postgresql://db/app?password=****"),
                Arguments.of("jdbc:postgresql://db/app?password=hunt&er=2&ssl=true",
                        "jdbc:postgresql://db/app?password=****&er=2&ssl=true"),
                Arguments.of("postgresql://app:hunter2@db/app?sslpassword=k3y",
                        "postgresql://app:****@db/app?sslpassword=****"),
                // passwords with unencoded separators are hidden whole
                Arguments.of("postgresql://app:hu@nt/er?2#x@db/app", "postgresql://app:****@db/app"),
                Arguments.of("postgresql://app:hunt er2@db/app", "postgresql://app:****@db/app"),
                Arguments.of("postgresql://app:hunt\ner2@db/app", "postgresql://app:****@db/app"),
                // the password runs to the last '@': an '@' in the query hides more than needed, never less
                Arguments.of("postgresql://app:hunter2@db/app?application_name=me@corp",
                        "postgresql://app:****@corp"),
                Arguments.of(" postgresql://app:hunter2@db/app\n", " postgresql://app:****@db/app\\n"),
                // a "://" inside the password does not hide the user-info
                Arguments.of("app:hunt://er2@db/app", "app:****@db/app"));
    }
}
