package dev.windsurf.data;

import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.config.ParsedUrl;
import dev.windsurf.data.migration.MigrationSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a {@link Database}: validated, then immutable and thread-safe. Build one with {@link #builder()}
 * (defaults only) or {@link #fromEnvironment()} (defaults, then environment variables); settings made on the builder
 * win over the environment.
 *
 * <p>{@link #toString()} masks passwords.
 *
 * @param url               the primary database as a JDBC URL (normalised from any accepted form)
 * @param engine            the primary's engine, derived from the URL
 * @param username          the user name, or null
 * @param password          the password, or null
 * @param fallbackUrl       the database to start on when the primary cannot be reached at start, or null
 * @param fallbackUsername  the fallback's user name, or null
 * @param fallbackPassword  the fallback's password, or null
 * @param readUrl           a read replica of the PostgreSQL primary that read transactions use, or null
 * @param readUsername      the replica's user name (from its URL, else the primary's), or null
 * @param readPassword      the replica's password (from its URL, else the primary's), or null
 * @param name              the name used in log lines and for the pools
 * @param poolSize          PostgreSQL: connections in the pool; SQLite: reader connections (there is always exactly
 *                          one writer)
 * @param connectionTimeout the longest wait for a pooled connection (or, on SQLite, for the writer)
 * @param connectTimeout    PostgreSQL: the longest wait for a TCP connection and login
 * @param socketTimeout     PostgreSQL: the longest wait for any reply from the server
 * @param validationTimeout the longest wait when checking that a pooled connection is alive
 * @param keepaliveTime     how often idle pooled connections are checked
 * @param maxLifetime       how long a pooled connection lives before it is replaced
 * @param busyTimeout       SQLite: the longest wait for a lock held by another connection or process
 * @param schemaPolicy      what to do at start when the schema is behind
 * @param allowNewerSchema  whether to start on a database whose schema is newer than the generated classes
 * @param isolation         the isolation level of write transactions
 * @param retry             how transactions are retried
 * @param startupAttempts   how many times to try to reach the primary at start before giving up or falling back
 * @param clock             the clock used for timestamps written by the library
 * @param readOnlyProbeInterval how often, while automatically READ_ONLY, a probe checks whether writes work again
 * @param readOnlyOnConnectionFailure whether a write that fails with connection errors puts the database in
 *                          READ_ONLY mode (at once when the server cannot be reached, else after its retries)
 * @param operationTimeout  the total time one {@code read}, {@code query} or {@code write} may take: every attempt,
 *                          wait for a connection, statement and back-off together
 * @param listeners         receive events, in order
 * @param meterRegistry     the Micrometer {@code MeterRegistry} that receives the metrics, or null for none (typed
 *                          {@code Object} so that this class loads without Micrometer on the class path)
 * @param openTelemetry     the OpenTelemetry {@code OpenTelemetry} that receives the traces, or null for none (typed
 *                          {@code Object} for the same reason)
 * @param replicaMaxLag     how far the read replica may fall behind before reads go to the primary
 * @param replicaCheckInterval how often the read replica's standby state, timeline and lag are checked
 * @param replicaCatchUpTimeout how long a read that must see a commit position waits for the replica to replay it
 *                          before the primary serves it
 * @param migrationSets     the migration sets the database holds, in dependency order, or null to use every set
 *                          described on the class path ({@link MigrationSet#discover(ClassLoader)})
 * @param pooler            the connection pooler in front of PostgreSQL ({@link Pooler}; always {@code NONE} for
 *                          SQLite)
 */
public record DatabaseConfig(
        String url, Engine engine, String username, String password,
        String fallbackUrl, String fallbackUsername, String fallbackPassword,
        String readUrl, String readUsername, String readPassword,
        String name, int poolSize,
        Duration connectionTimeout, Duration connectTimeout, Duration socketTimeout, Duration validationTimeout,
        Duration keepaliveTime, Duration maxLifetime, Duration busyTimeout,
        SchemaPolicy schemaPolicy, boolean allowNewerSchema, Isolation isolation, RetrySettings retry,
        int startupAttempts, Clock clock, Duration readOnlyProbeInterval, boolean readOnlyOnConnectionFailure,
        Duration operationTimeout, List<DatabaseListener> listeners, Object meterRegistry, Object openTelemetry,
        Duration replicaMaxLag, Duration replicaCheckInterval, Duration replicaCatchUpTimeout,
        List<MigrationSet> migrationSets, Pooler pooler) {

    /** The URL used when none is given: an SQLite file under the working directory, as the seed application did. */
    public static final String DEFAULT_URL = "sqlite:///./data/windsurf.db";

    /** Copies the listener list; use the {@link Builder} to create instances. */
    public DatabaseConfig {
        listeners = List.copyOf(listeners);
        migrationSets = migrationSets == null ? null : MigrationSet.inDependencyOrder(migrationSets);
    }

    /**
     * A builder holding the documented defaults.
     *
     * @return a new, independent builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding the defaults overridden by the process environment (see {@link Builder#environment}).
     *
     * @return a new builder holding the environment's settings over the defaults
     * @throws IllegalArgumentException naming the variable when a value cannot be parsed or is out of range
     */
    public static Builder fromEnvironment() {
        return new Builder().environment(System.getenv());
    }

    /**
     * The primary URL with its password masked, for logs and diagnostics.
     *
     * @return the primary's URL with any password replaced by {@code ****}
     */
    public String maskedUrl() {
        return DatabaseUrls.mask(url);
    }

    /**
     * The file of the primary database when it is an SQLite file, as the URL names it (relative paths against the
     * working directory); empty for PostgreSQL and for an in-memory SQLite database. Lets a command that only reads
     * refuse a missing file instead of creating an empty database.
     *
     * @return the SQLite file, or empty
     */
    public java.util.Optional<java.nio.file.Path> sqliteFile() {
        return java.util.Optional.ofNullable(DatabaseUrls.parse(url).sqliteFile());
    }

    /**
     * The fallback URL with its password masked, or null.
     *
     * @return the fallback's URL with any password replaced by {@code ****}, or null when there is no fallback
     */
    public String maskedFallbackUrl() {
        return fallbackUrl == null ? null : DatabaseUrls.mask(fallbackUrl);
    }

    /**
     * The read replica's URL with its password masked, or null.
     *
     * @return the replica's URL with any password replaced by {@code ****}, or null when there is no replica
     */
    public String maskedReadUrl() {
        return readUrl == null ? null : DatabaseUrls.mask(readUrl);
    }

    /**
     * A copy of these settings that runs on the fallback database, with no further fallback and no read replica (a
     * replica of the primary holds none of the fallback's writes). The schema policy follows the engine actually used:
     * VALIDATE, the default of a PostgreSQL primary, becomes MIGRATE on an SQLite fallback, which is usually a file
     * created on first use and must be migrated to be of any use; MIGRATE and NONE stay.
     */
    DatabaseConfig onFallback() {
        ParsedUrl parsed = DatabaseUrls.parse(fallbackUrl);
        SchemaPolicy policy = schemaPolicy == SchemaPolicy.VALIDATE && engine == Engine.POSTGRESQL
                && parsed.engine() == Engine.SQLITE ? SchemaPolicy.MIGRATE : schemaPolicy;
        return new DatabaseConfig(fallbackUrl, parsed.engine(), fallbackUsername, fallbackPassword, null, null, null,
                null, null, null, name, poolSize, connectionTimeout, connectTimeout, socketTimeout, validationTimeout,
                keepaliveTime, maxLifetime, busyTimeout, policy, allowNewerSchema, isolation, retry, startupAttempts,
                clock, readOnlyProbeInterval, readOnlyOnConnectionFailure, operationTimeout, listeners, meterRegistry,
                openTelemetry, replicaMaxLag, replicaCheckInterval, replicaCatchUpTimeout, migrationSets,
                parsed.engine() == Engine.SQLITE ? Pooler.NONE : pooler);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[name=" + name + ", url=" + maskedUrl() + ", engine=" + engine
                + ", username=" + username + ", password=" + (password == null ? "none" : "****")
                + ", fallbackUrl=" + (fallbackUrl == null ? "none" : maskedFallbackUrl())
                + ", readUrl=" + (readUrl == null ? "none" : maskedReadUrl())
                + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout
                + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", validationTimeout=" + validationTimeout + ", keepaliveTime=" + keepaliveTime
                + ", maxLifetime=" + maxLifetime + ", busyTimeout=" + busyTimeout
                + ", schemaPolicy=" + schemaPolicy + ", allowNewerSchema=" + allowNewerSchema
                + ", isolation=" + isolation + ", retry=" + retry + ", startupAttempts=" + startupAttempts
                + ", readOnlyProbeInterval=" + readOnlyProbeInterval
                + ", readOnlyOnConnectionFailure=" + readOnlyOnConnectionFailure
                + ", operationTimeout=" + operationTimeout
                + ", listeners=" + listeners.size()
                + (readUrl == null ? "" : ", replicaMaxLag=" + replicaMaxLag + ", replicaCheckInterval="
                        + replicaCheckInterval + ", replicaCatchUpTimeout=" + replicaCatchUpTimeout)
                + ", metrics=" + (meterRegistry != null) + ", traces=" + (openTelemetry != null)
                + ", migrationSets=" + (migrationSets == null ? "class path" : migrationSets.stream()
                .map(MigrationSet::name).toList()) + ", pooler=" + pooler + "]";
    }

    /**
     * Collects settings; {@link #build()} validates them and returns an immutable {@link DatabaseConfig}. Setters
     * reject null and out-of-range values at once; settings that conflict are reported by {@link #build()}. Mutable
     * and not thread-safe.
     */
    public static final class Builder {

        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

        private String url = DEFAULT_URL;
        private String username;
        private String password;
        private String fallbackUrl;
        private String fallbackUsername;
        private String fallbackPassword;
        private String readUrl;
        private String name = "windsurf";
        private Integer poolSize;
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private Duration validationTimeout = Duration.ofSeconds(2);
        private Duration keepaliveTime = Duration.ofMinutes(1);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration busyTimeout = Duration.ofSeconds(5);
        private SchemaPolicy schemaPolicy;
        private boolean allowNewerSchema;
        private Isolation isolation = Isolation.READ_COMMITTED;
        private RetrySettings retry = RetrySettings.DEFAULTS;
        private int startupAttempts = 3;
        private Clock clock = Clock.systemUTC();
        private Duration readOnlyProbeInterval = Duration.ofSeconds(5);
        private boolean readOnlyOnConnectionFailure = true;
        private Duration operationTimeout = Duration.ofSeconds(5);
        private final List<DatabaseListener> listeners = new ArrayList<>();
        private List<MigrationSet> migrationSets;
        private Object meterRegistry;
        private Object openTelemetry;
        private Duration replicaMaxLag = Duration.ofSeconds(5);
        private Duration replicaCheckInterval = Duration.ofSeconds(1);
        private Duration replicaCatchUpTimeout = Duration.ofMillis(500);
        private Pooler pooler;

        private Builder() {
        }

        /**
         * Reads settings from environment variables; unset or blank variables leave the current value alone.
         *
         * <table>
         * <caption>Variables</caption>
         * <tr><td>{@code DATABASE_URL}</td><td>{@link #url}</td></tr>
         * <tr><td>{@code DATABASE_USERNAME}, {@code DATABASE_PASSWORD}</td><td>{@link #credentials}</td></tr>
         * <tr><td>{@code DATABASE_FALLBACK_URL}</td><td>{@link #fallbackUrl}</td></tr>
         * <tr><td>{@code DATABASE_READ_URL}</td><td>{@link #readUrl}</td></tr>
         * <tr><td>{@code WINDSURF_DB_NAME}</td><td>{@link #name}</td></tr>
         * <tr><td>{@code WINDSURF_DB_POOL_SIZE}</td><td>{@link #poolSize}</td></tr>
         * <tr><td>{@code WINDSURF_DB_CONNECTION_TIMEOUT_MS}</td><td>{@link #connectionTimeout}</td></tr>
         * <tr><td>{@code WINDSURF_DB_CONNECT_TIMEOUT_MS}</td><td>{@link #connectTimeout}</td></tr>
         * <tr><td>{@code WINDSURF_DB_SOCKET_TIMEOUT_MS}</td><td>{@link #socketTimeout}</td></tr>
         * <tr><td>{@code WINDSURF_SQLITE_BUSY_TIMEOUT_MS}</td><td>{@link #busyTimeout}</td></tr>
         * <tr><td>{@code WINDSURF_SCHEMA_POLICY}</td><td>{@link #schemaPolicy} (MIGRATE, VALIDATE or NONE)</td></tr>
         * <tr><td>{@code WINDSURF_RETRY_MAX_ATTEMPTS}</td><td>{@link RetrySettings#maxAttempts()}</td></tr>
         * <tr><td>{@code WINDSURF_RETRY_INITIAL_DELAY_MS}</td><td>{@link RetrySettings#initialDelay()}</td></tr>
         * <tr><td>{@code WINDSURF_RETRY_MAX_DELAY_MS}</td><td>{@link RetrySettings#maxDelay()}</td></tr>
         * <tr><td>{@code WINDSURF_RETRY_JITTER}</td><td>{@link RetrySettings#jitter()}</td></tr>
         * <tr><td>{@code WINDSURF_READ_ONLY_PROBE_INTERVAL_MS}</td><td>{@link #readOnlyProbeInterval}</td></tr>
         * <tr><td>{@code WINDSURF_REPLICA_MAX_LAG_MS}</td><td>{@link #replicaMaxLag}</td></tr>
         * <tr><td>{@code WINDSURF_DB_OPERATION_TIMEOUT_MS}</td><td>{@link #operationTimeout}</td></tr>
         * <tr><td>{@code DATABASE_POOLER}</td><td>{@link #pooler} ({@code none}, {@code session} or
         * {@code transaction})</td></tr>
         * </table>
         *
         * @param env the variables to read, usually {@link System#getenv()}; absent or blank variables keep the current
         *            value
         * @return this builder
         * @throws IllegalArgumentException naming the variable when a value cannot be parsed or is out of range
         */
        public Builder environment(Map<String, String> env) {
            Objects.requireNonNull(env, "env cannot be null");
            EnvReader e = new EnvReader(env);
            e.string("DATABASE_URL", this::url);
            String user = e.raw("DATABASE_USERNAME");
            String pass = e.raw("DATABASE_PASSWORD");
            if (user != null || pass != null) {
                credentials(user, pass);
            }
            e.string("DATABASE_FALLBACK_URL", this::fallbackUrl);
            e.string("DATABASE_READ_URL", this::readUrl);
            e.string("WINDSURF_DB_NAME", this::name);
            e.integer("WINDSURF_DB_POOL_SIZE", this::poolSize);
            e.millis("WINDSURF_DB_CONNECTION_TIMEOUT_MS", this::connectionTimeout);
            e.millis("WINDSURF_DB_CONNECT_TIMEOUT_MS", this::connectTimeout);
            e.millis("WINDSURF_DB_SOCKET_TIMEOUT_MS", this::socketTimeout);
            e.millis("WINDSURF_SQLITE_BUSY_TIMEOUT_MS", this::busyTimeout);
            e.millis("WINDSURF_READ_ONLY_PROBE_INTERVAL_MS", this::readOnlyProbeInterval);
            e.millis("WINDSURF_REPLICA_MAX_LAG_MS", this::replicaMaxLag);
            e.millis("WINDSURF_DB_OPERATION_TIMEOUT_MS", this::operationTimeout);
            e.string("DATABASE_POOLER", v -> pooler(poolerNamed("DATABASE_POOLER", v)));
            e.string("WINDSURF_SCHEMA_POLICY", v -> {
                try {
                    schemaPolicy(SchemaPolicy.valueOf(v.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("must be MIGRATE, VALIDATE or NONE", ex);
                }
            });
            RetrySettings r = retry;
            int[] attempts = {r.maxAttempts()};
            Duration[] delays = {r.initialDelay(), r.maxDelay()};
            double[] jitter = {r.jitter()};
            e.integer("WINDSURF_RETRY_MAX_ATTEMPTS", v -> attempts[0] = v);
            e.millis("WINDSURF_RETRY_INITIAL_DELAY_MS", v -> delays[0] = v);
            e.millis("WINDSURF_RETRY_MAX_DELAY_MS", v -> delays[1] = v);
            e.decimal("WINDSURF_RETRY_JITTER", v -> jitter[0] = v);
            try {
                retry(new RetrySettings(attempts[0], delays[0], delays[1], jitter[0]));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Invalid WINDSURF_RETRY_* settings: " + ex.getMessage(), ex);
            }
            return this;
        }

        /**
         * The primary database (default: {@value DatabaseConfig#DEFAULT_URL}): a JDBC URL
         * ({@code jdbc:postgresql://…}, {@code jdbc:sqlite:…}) or {@code postgresql://user:pass@host:port/db},
         * {@code postgres://…}, {@code sqlite:///relative.db}, {@code sqlite:////absolute.db}, {@code sqlite::memory:}.
         * Credentials in the URL are used unless {@link #credentials} sets others.
         *
         * <p>A PostgreSQL URL may list several hosts ({@code postgresql://h1:5432,h2:5433/db}, pgjdbc's multi-host
         * form): writes then go to the one that is the primary, found by asking each host at start, whenever writes
         * are refused, and every {@link #readOnlyProbeInterval} ({@code targetServerType=primary}). When it goes away
         * the database turns READ_ONLY as with one host, and writes resume on a standby promoted in its place without
         * a restart. A primary the library has reason to distrust (an old primary back after a promotion: a lower
         * timeline) is never written to until an operator says so ({@link ReadOnlyControl#acceptPrimary}); see
         * {@link SplitBrainException}.
         *
         * @param url the primary's URL in one of the forms above
         * @return this builder
         * @throws IllegalArgumentException when the URL is malformed or not supported; the message masks its password
         */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url cannot be null");
            DatabaseUrls.parse(url);
            this.url = url;
            return this;
        }

        /**
         * The user name and password for the primary (default: those in the URL, else none).
         *
         * @param username the user name, or null for none
         * @param password the password, or null for none; never logged
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /**
         * The database to start on when the primary cannot be reached at start (default: none, start fails).
         * Writes made on the fallback never reach the primary: use it for availability of a degraded service, not
         * as a replica.
         *
         * @param fallbackUrl the fallback's URL in one of the forms accepted by {@link #url}, or null for none
         * @return this builder
         * @throws IllegalArgumentException when the URL is malformed or not supported; the message masks its password
         */
        public Builder fallbackUrl(String fallbackUrl) {
            if (fallbackUrl != null) {
                DatabaseUrls.parse(fallbackUrl);
            }
            this.fallbackUrl = fallbackUrl;
            return this;
        }

        /**
         * The fallback's user name and password (default: those in its URL, else none).
         *
         * @param username the fallback's user name, or null for none
         * @param password the fallback's password, or null for none; never logged
         * @return this builder
         */
        public Builder fallbackCredentials(String username, String password) {
            this.fallbackUsername = username;
            this.fallbackPassword = password;
            return this;
        }

        /**
         * A read replica of the PostgreSQL primary, e.g. a hot standby (default: none, reads use the primary). Read
         * transactions ({@link Database#read}) run on it, in a pool of their own of {@link #poolSize} connections
         * named {@code <name>-reader}; writes and {@link Database#dsl()} always use the primary. A read whose
         * connection to the replica fails is retried on the primary, and later reads go to the primary until the
         * replica is reachable again; while the primary is down, the replica goes on serving reads. The service
         * starts even while the replica is unreachable. A background check ({@link #replicaCheckInterval}) lets reads
         * use the replica only while it is a standby on the primary's timeline within {@link #replicaMaxLag}; until
         * its first check, and while a check fails, reads use the primary.
         *
         * <p>A replica lags behind the primary: a read may not see a write that has just committed. Code that must
         * read its own writes reads inside the write transaction.
         *
         * <p>Credentials are those in this URL, else the primary's. Accepted forms as for {@link #url}; the fallback
         * never uses the replica. With several hosts, the reader's connections prefer a standby among them
         * ({@code targetServerType=preferSecondary} unless the URL says otherwise); the read URL may then list the
         * same hosts as {@link #url}.
         *
         * @param readUrl a PostgreSQL URL, or null for none
         * @return this builder
         * @throws IllegalArgumentException when the URL is malformed or not a PostgreSQL URL; the message masks its
         *                                  password. {@link #build()} refuses a replica for an SQLite primary and a
         *                                  replica that is the primary ({@link IllegalStateException})
         */
        public Builder readUrl(String readUrl) {
            if (readUrl != null) {
                ParsedUrl parsed = DatabaseUrls.parse(readUrl);
                if (parsed.engine() != Engine.POSTGRESQL) {
                    throw new IllegalArgumentException("readUrl must be a PostgreSQL database (a read replica of a "
                            + "PostgreSQL primary), was " + parsed.engine() + " '" + DatabaseUrls.mask(readUrl) + "'");
                }
            }
            this.readUrl = readUrl;
            return this;
        }

        /**
         * The name in log lines and pool names: 1–64 of {@code [A-Za-z0-9_.-]} (default: {@code windsurf}).
         *
         * @param name the name, 1 to 64 characters of {@code [A-Za-z0-9_.-]}
         * @return this builder
         * @throws IllegalArgumentException when the name has another character or length
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name cannot be null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be 1-64 characters of [A-Za-z0-9_.-], was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * PostgreSQL: connections in the pool (default: 10). SQLite: reader connections (default: 4); there is always
         * exactly one writer connection. Range 1–1000.
         *
         * @param poolSize the number of connections, 1 to 1000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 1000) {
                throw new IllegalArgumentException("poolSize must be between 1 and 1000, was " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * The longest wait for a pooled connection: 250 ms to 10 min (default: 5 s).
         *
         * @param timeout the longest wait, 250 ms to 10 min
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = range("connectionTimeout", timeout, Duration.ofMillis(250), Duration.ofMinutes(10));
            return this;
        }

        /**
         * PostgreSQL: the longest wait to open a connection and log in: 1 s to 10 min (default: 5 s).
         *
         * @param timeout the longest wait to connect and log in, 1 s to 10 min
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = range("connectTimeout", timeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
            return this;
        }

        /**
         * PostgreSQL: the longest wait for any reply, so that a silent network drop cannot hang a connection for ever:
         * 1 s to 1 h (default: 30 s). Statements that legitimately run longer need a larger value.
         *
         * @param timeout the longest wait for a reply, 1 s to 1 h
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = range("socketTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * The longest wait when checking a pooled connection: 250 ms to 1 min (default: 2 s).
         *
         * @param timeout the longest wait for the check, 250 ms to 1 min
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder validationTimeout(Duration timeout) {
            this.validationTimeout = range("validationTimeout", timeout, Duration.ofMillis(250), Duration.ofMinutes(1));
            return this;
        }

        /**
         * How often idle connections are checked: 30 s to 1 h (default: 1 min).
         *
         * @param interval the time between checks of an idle connection, 30 s to 1 h
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder keepaliveTime(Duration interval) {
            this.keepaliveTime = range("keepaliveTime", interval, Duration.ofSeconds(30), Duration.ofHours(1));
            return this;
        }

        /**
         * How long a pooled connection lives: 30 s to 24 h (default: 30 min).
         *
         * @param lifetime the age at which a connection is retired, 30 s to 24 h
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = range("maxLifetime", lifetime, Duration.ofSeconds(30), Duration.ofHours(24));
            return this;
        }

        /**
         * SQLite: the longest wait for a lock held by another connection: 0 to 10 min (default: 5 s).
         *
         * @param timeout the longest wait for a lock, 0 to 10 min
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = range("busyTimeout", timeout, Duration.ZERO, Duration.ofMinutes(10));
            return this;
        }

        /**
         * What to do when the schema is behind (default: MIGRATE on SQLite, VALIDATE on PostgreSQL). On an SQLite
         * fallback ({@link #fallbackUrl}) of a PostgreSQL primary, VALIDATE becomes MIGRATE, so that a fallback file
         * created on first use is migrated.
         *
         * @param policy the policy; not null
         * @return this builder
         */
        public Builder schemaPolicy(SchemaPolicy policy) {
            this.schemaPolicy = Objects.requireNonNull(policy, "schemaPolicy cannot be null");
            return this;
        }

        /**
         * Start on a database whose schema is newer than the generated classes, with a warning (default: false,
         * refuse). Useful during rolling deployments whose migrations only add.
         *
         * @param allow true to start, with a warning, on a schema newer than the generated classes
         * @return this builder
         */
        public Builder allowNewerSchema(boolean allow) {
            this.allowNewerSchema = allow;
            return this;
        }

        /**
         * The isolation level of write transactions (default: READ_COMMITTED; SQLite ignores it).
         *
         * @param isolation the isolation level; not null
         * @return this builder
         */
        public Builder isolation(Isolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation cannot be null");
            return this;
        }

        /**
         * How transactions are retried (default: {@link RetrySettings#DEFAULTS}).
         *
         * @param retry the retry settings; not null
         * @return this builder
         */
        public Builder retry(RetrySettings retry) {
            this.retry = Objects.requireNonNull(retry, "retry cannot be null");
            return this;
        }

        /**
         * How many times to try the primary at start: 1 to 20 (default: 3).
         *
         * @param attempts the number of attempts, 1 to 20
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder startupAttempts(int attempts) {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("startupAttempts must be between 1 and 20, was " + attempts);
            }
            this.startupAttempts = attempts;
            return this;
        }

        /**
         * The clock for timestamps written by the library (default: the system clock in UTC).
         *
         * @param clock the clock; not null
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /**
         * How often, while the database is automatically READ_ONLY, a probe checks whether writes work again:
         * 50 ms to 10 min, varied by ±20 % (default: 5 s). Also the retry-after hint of a refused write. With several
         * hosts in the URL, also how often every host is asked which is the primary, while writes work too (a promoted
         * standby or a split brain is noticed within this interval).
         *
         * @param interval the time between probes, 50 ms to 10 min
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder readOnlyProbeInterval(Duration interval) {
            this.readOnlyProbeInterval = range("readOnlyProbeInterval", interval, Duration.ofMillis(50),
                    Duration.ofMinutes(10));
            return this;
        }

        /**
         * Whether a write that fails with connection errors puts the database in READ_ONLY mode, so that later writes
         * fail fast until the probe finds the database again (default: true). The mode is entered on the first
         * failure when no connection can be had (the server refuses connections, or connecting times out), and
         * otherwise when the write's retries are spent.
         *
         * @param enabled false to keep the mode as it is whatever the write's failure
         * @return this builder
         */
        public Builder readOnlyOnConnectionFailure(boolean enabled) {
            this.readOnlyOnConnectionFailure = enabled;
            return this;
        }

        /**
         * The total time one {@link Database#read}, {@link Database#query} or {@link Database#write} may take, from
         * the call to its result: every attempt, every wait for a pooled connection, every statement (PostgreSQL:
         * each reply from the server is awaited only for the time left) and the back-off between attempts. A server
         * that stops answering (a silent network drop, a frozen host) turns into {@link UnavailableException} within
         * it, never a wait of minutes; a write whose deadline passes after its {@code COMMIT} was sent fails with
         * {@link TransactionOutcomeUnknownException}, because the server may still apply it. Range 100 ms to 1 h
         * (default: 5 s); {@link #build()} refuses one not longer than the retries' initial delay. Work that
         * legitimately runs longer (reports, batch jobs) needs a larger value or a database of its own.
         *
         * @param timeout the total time of one call, 100 ms to 1 h
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = range("operationTimeout", timeout, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /**
         * Adds a listener (default: none).
         *
         * @param listener the listener, called on the thread that causes the event; not null
         * @return this builder
         */
        public Builder listener(DatabaseListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener cannot be null"));
            return this;
        }

        /**
         * The migration sets the database holds (default: every set described on the class path, found with
         * {@link MigrationSet#discover(ClassLoader)} through the thread's context class loader). Their order does not
         * matter: they are applied in dependency order.
         *
         * @param sets the sets, in any order; no element may be null
         * @return this builder
         * @throws IllegalStateException (from {@link #build()}) when names or history tables repeat, a dependency is
         *                               missing or dependencies form a cycle
         */
        public Builder migrationSets(List<MigrationSet> sets) {
            Objects.requireNonNull(sets, "sets cannot be null");
            sets.forEach(s -> Objects.requireNonNull(s, "a migration set cannot be null"));
            this.migrationSets = List.copyOf(sets);
            return this;
        }

        /**
         * Records metrics in this Micrometer registry (default: none, no metrics): HikariCP's pool meters for every
         * pool, timers of read, query and write calls by outcome, counters of retries by reason, of refused writes and
         * of mode changes, and gauges of the write mode, the fallback, the read replica's use and the schema version;
         * see {@code docs/operations.md}. Micrometer is an optional dependency: without a registry the library never
         * loads it.
         *
         * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}, or null for none
         * @return this builder
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        /**
         * Traces calls, attempts and statements with this OpenTelemetry (default: none, no spans), with the database
         * semantic-convention attributes; query texts never hold literals. OpenTelemetry's API is an optional
         * dependency: without an instance the library never loads it.
         *
         * @param openTelemetry an {@code io.opentelemetry.api.OpenTelemetry}, or null for none
         * @return this builder
         */
        public Builder openTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
            return this;
        }

        /**
         * How far the read replica may lag behind the primary, measured from the time of the last transaction it
         * replayed while the primary has newer ones: 100 ms to 1 h (default: 5 s). Beyond it, reads go to the primary
         * until the replica has caught up.
         *
         * @param lag the largest replay lag at which reads still use the replica, 100 ms to 1 h
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder replicaMaxLag(Duration lag) {
            this.replicaMaxLag = range("replicaMaxLag", lag, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /**
         * How often the read replica is checked to be a standby on the primary's timeline within
         * {@link #replicaMaxLag}: 50 ms to 10 min (default: 1 s).
         *
         * @param interval the time between checks, 50 ms to 10 min
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder replicaCheckInterval(Duration interval) {
            this.replicaCheckInterval = range("replicaCheckInterval", interval, Duration.ofMillis(50),
                    Duration.ofMinutes(10));
            return this;
        }

        /**
         * The connection pooler in front of PostgreSQL (default: the URL's {@code pooler=} parameter when it has one,
         * else {@link Pooler#NONE}; environment: {@code DATABASE_POOLER}). With {@link Pooler#TRANSACTION} (PgBouncer
         * in transaction mode) no statement is prepared on the server, isolation is set per transaction, and schema
         * migrations are refused (they need a direct URL). Applies to the read replica's URL too. {@link #build()}
         * refuses a pooler other than NONE for SQLite, a value that contradicts the URL's, and MIGRATE with
         * TRANSACTION.
         *
         * @param pooler what sits between the library and the server
         * @return this builder
         * @throws NullPointerException when {@code pooler} is null
         */
        public Builder pooler(Pooler pooler) {
            this.pooler = Objects.requireNonNull(pooler, "pooler cannot be null");
            return this;
        }

        private static Pooler poolerNamed(String where, String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> Pooler.NONE;
                case "session" -> Pooler.SESSION;
                case "transaction" -> Pooler.TRANSACTION;
                default -> throw new IllegalArgumentException(where + " must be none, session or transaction, was '"
                        + DatabaseUrls.mask(value) + "'");
            };
        }

        /** The {@code pooler=} parameter of a PostgreSQL JDBC URL, or null. */
        private static Pooler poolerOfUrl(String jdbcUrl) {
            java.util.Properties p = org.postgresql.Driver.parseURL(jdbcUrl, null);
            String value = p == null ? null : p.getProperty("pooler");
            return value == null ? null : poolerNamed("The URL parameter pooler", value);
        }

        /**
         * How long a read that must see a commit position ({@link ReadConsistency#atLeast}) waits for the read
         * replica to replay it before the primary serves the read: 0 (go to the primary at once) to 1 min
         * (default: 500 ms).
         *
         * @param timeout the longest wait for the replica to catch up, 0 to 1 min
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder replicaCatchUpTimeout(Duration timeout) {
            this.replicaCatchUpTimeout = range("replicaCatchUpTimeout", timeout, Duration.ZERO,
                    Duration.ofMinutes(1));
            return this;
        }

        /**
         * Validates the settings together and returns them, immutable.
         *
         * @return the settings, immutable and safe to share between threads
         * @throws IllegalStateException when settings conflict (the fallback or the read replica is the primary; a
         *                               read replica for an SQLite primary)
         */
        public DatabaseConfig build() {
            ParsedUrl primary = DatabaseUrls.parse(url);
            String user = username != null || password != null ? username : primary.username();
            String pass = username != null || password != null ? password : primary.password();
            String fbUser = null;
            String fbPass = null;
            String fbUrl = null;
            if (fallbackUrl != null) {
                ParsedUrl fallback = DatabaseUrls.parse(fallbackUrl);
                if (fallback.jdbcUrl().equals(primary.jdbcUrl()) && !primary.inMemory()) {
                    throw new IllegalStateException("fallbackUrl is the same database as url ("
                            + DatabaseUrls.mask(url) + "): a fallback must be another database");
                }
                fbUrl = fallbackUrl;
                fbUser = fallbackUsername != null || fallbackPassword != null ? fallbackUsername : fallback.username();
                fbPass = fallbackUsername != null || fallbackPassword != null ? fallbackPassword : fallback.password();
            }
            String rdUser = null;
            String rdPass = null;
            if (readUrl != null) {
                if (primary.engine() != Engine.POSTGRESQL) {
                    throw new IllegalStateException("readUrl is set but url is an SQLite database ("
                            + DatabaseUrls.mask(url) + "): a read replica needs a PostgreSQL primary; remove readUrl "
                            + "(DATABASE_READ_URL)");
                }
                ParsedUrl read = DatabaseUrls.parse(readUrl);
                // The same host list is fine: the primary's pool writes to the primary among them, the reader's
                // prefers a standby.
                if (read.jdbcUrl().equals(primary.jdbcUrl())
                        && dev.windsurf.data.internal.pool.PrimaryGuard.servers(primary.jdbcUrl()).size() < 2) {
                    throw new IllegalStateException("readUrl is the same database as url (" + DatabaseUrls.mask(url)
                            + "): a read replica must be another server");
                }
                boolean own = read.username() != null || read.password() != null;
                rdUser = own ? read.username() : user;
                rdPass = own ? read.password() : pass;
            }
            if (operationTimeout.compareTo(retry.initialDelay()) <= 0) {
                throw new IllegalStateException("operationTimeout (" + operationTimeout + ") must be longer than the "
                        + "retries' initial delay (" + retry.initialDelay() + "), or no retry could ever run");
            }
            int pool = poolSize != null ? poolSize : primary.engine() == Engine.SQLITE ? 4 : 10;
            SchemaPolicy policy = schemaPolicy != null ? schemaPolicy
                    : primary.engine() == Engine.SQLITE ? SchemaPolicy.MIGRATE : SchemaPolicy.VALIDATE;
            Pooler inUrl = primary.engine() == Engine.POSTGRESQL ? poolerOfUrl(primary.jdbcUrl()) : null;
            if (pooler != null && inUrl != null && pooler != inUrl) {
                throw new IllegalStateException("pooler is " + pooler + " but the URL says pooler="
                        + inUrl.name().toLowerCase(java.util.Locale.ROOT) + " (" + DatabaseUrls.mask(url)
                        + "): give it in one place");
            }
            Pooler resolvedPooler = pooler != null ? pooler : inUrl != null ? inUrl : Pooler.NONE;
            if (resolvedPooler != Pooler.NONE && primary.engine() != Engine.POSTGRESQL) {
                throw new IllegalStateException("pooler " + resolvedPooler + " is set but url is an SQLite database ("
                        + DatabaseUrls.mask(url) + "): a connection pooler stands in front of PostgreSQL only; remove "
                        + "it (DATABASE_POOLER)");
            }
            if (resolvedPooler == Pooler.TRANSACTION && policy == SchemaPolicy.MIGRATE) {
                throw new IllegalStateException("schemaPolicy MIGRATE cannot run through a pooler in transaction mode "
                        + "(" + DatabaseUrls.mask(url) + "): migrations hold a session-level advisory lock, which "
                        + "transaction pooling does not keep. Migrate with a direct URL to the server (for example "
                        + "'db upgrade head' with DATABASE_URL pointing past PgBouncer and DATABASE_POOLER unset), "
                        + "then start through the pooler with schemaPolicy VALIDATE or NONE");
            }
            return new DatabaseConfig(url, primary.engine(), user, pass, fbUrl, fbUser, fbPass, readUrl, rdUser, rdPass,
                    name, pool, connectionTimeout, connectTimeout, socketTimeout, validationTimeout, keepaliveTime,
                    maxLifetime, busyTimeout, policy, allowNewerSchema, isolation, retry, startupAttempts, clock,
                    readOnlyProbeInterval, readOnlyOnConnectionFailure, operationTimeout, listeners, meterRegistry,
                    openTelemetry, replicaMaxLag, replicaCheckInterval, replicaCatchUpTimeout,
                    migrationSets == null ? null : List.copyOf(migrationSets), resolvedPooler);
        }

        private static Duration range(String name, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, name + " cannot be null");
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }

    /** Reads typed values from environment variables, naming the variable in every error. */
    private record EnvReader(Map<String, String> env) {

        String raw(String key) {
            String value = env.get(key);
            return value == null || value.isBlank() ? null : value;
        }

        void string(String key, java.util.function.Consumer<String> setter) {
            String value = raw(key);
            if (value != null) {
                apply(key, value.trim(), setter, false);
            }
        }

        void integer(String key, java.util.function.IntConsumer setter) {
            String value = raw(key);
            if (value != null) {
                apply(key, value.trim(), v -> setter.accept(Integer.parseInt(v)), true);
            }
        }

        void millis(String key, java.util.function.Consumer<Duration> setter) {
            String value = raw(key);
            if (value != null) {
                apply(key, value.trim(), v -> setter.accept(Duration.ofMillis(Long.parseLong(v))), true);
            }
        }

        void decimal(String key, java.util.function.DoubleConsumer setter) {
            String value = raw(key);
            if (value != null) {
                apply(key, value.trim(), v -> setter.accept(Double.parseDouble(v)), true);
            }
        }

        private static void apply(String key, String value, java.util.function.Consumer<String> setter,
                                  boolean showValue) {
            try {
                setter.accept(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Environment variable " + key + " must be a number, was '" + value
                        + "'", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Environment variable " + key
                        + (showValue ? " = '" + value + "'" : "") + " is invalid: " + e.getMessage(), e);
            }
        }
    }
}
