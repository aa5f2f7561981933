package dev.windsurf.data.internal.pool;

import dev.windsurf.data.DatabaseListener;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.slf4j.LoggerFactory;

/**
 * Finds the primary among the hosts of a multi-host PostgreSQL URL ({@code jdbc:postgresql://h1:5432,h2:5433/db},
 * read with pgjdbc's own {@link Driver#parseURL}) and makes every write connection to that one server, never to a
 * primary the library has reason to distrust.
 *
 * <p>Identity: a primary is known by its server ({@code host:port} as the URL lists it), its system identifier
 * ({@code pg_control_system()}, shared by a primary and every standby copied from it) and its timeline (the current
 * WAL file's, {@code pg_walfile_name(pg_current_wal_lsn())}). A promotion starts a new, higher timeline. The library
 * remembers the identity of the primary it writes to (the <em>accepted</em> primary) and, on every {@link #survey()},
 * asks each host whether it is a primary and who it is:
 * <ul>
 *   <li>a primary with the accepted system identifier on a higher timeline is a promoted standby: writes follow it;</li>
 *   <li>the accepted server on the accepted timeline is the same primary (perhaps restarted): writes stay;</li>
 *   <li>any other primary (a lower timeline, as an old primary restarted after a promotion; another server on the
 *       accepted timeline; another system identifier) is <em>refused</em>: it is never written to, which is logged once
 *       at ERROR and told to {@link DatabaseListener#onSplitBrain}, until an operator names the primary to accept
 *       ({@link #accept(String)});</li>
 *   <li>when two servers would qualify equally (two primaries on the same highest timeline), neither is written to:
 *       a split brain the library cannot settle by itself.</li>
 * </ul>
 * Without the privilege to call {@code pg_control_system()} the system identifier is not compared (logged once);
 * timelines still are.
 *
 * <p>Every new physical write connection is made to the accepted server alone ({@code targetServerType=primary}) and
 * checked to still be that primary on that timeline; otherwise it is closed and the caller gets SQLState 08001, which
 * the read-only mode treats as an unreachable primary. Its probe calls {@link #survey()}, so writes resume on a
 * promoted standby without a restart.
 *
 * <p>Thread-safe: the accepted identity is switched under this object's lock; connections read it without locking.
 */
public final class PrimaryGuard {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PrimaryGuard.class);

    /** Who a server says it is; {@code systemId} null when it may not be read. */
    record Identity(String server, String systemId, long timeline) {
        @Override
        public String toString() {
            return server + " (system " + (systemId == null ? "unknown" : systemId) + ", timeline " + timeline + ")";
        }
    }

    /** What one survey learnt of one host. */
    record Observation(String server, boolean reachable, boolean primary, String systemId, long timeline) {
        Identity identity() {
            return new Identity(server, systemId, timeline);
        }
    }

    /** The outcome of judging one survey: the primary to write to (or null), and the primaries refused. */
    record Verdict(Identity chosen, List<Identity> refused, String splitBrain) {
    }

    private final String name;
    private final String url;
    private final List<String> servers;
    private final Properties properties;
    private final DatabaseListener listener;
    private final Driver driver = new Driver();
    private final DataSource dataSource = new GuardedDataSource();

    private volatile Identity accepted;
    private volatile String operatorChoice;
    private volatile List<Identity> refused = List.of();
    private volatile String splitBrain;
    private final Map<Identity, Boolean> reported = new LinkedHashMap<>();
    private boolean systemIdUnreadableLogged;

    /**
     * @param name       the database's name, for log lines
     * @param jdbcUrl    a {@code jdbc:postgresql:} URL listing at least two hosts
     * @param properties driver properties for every connection (credentials, time-outs); copied
     * @param listener   hears of refused primaries
     * @throws IllegalArgumentException when the URL lists fewer than two hosts
     */
    public PrimaryGuard(String name, String jdbcUrl, Properties properties, DatabaseListener listener) {
        this.name = name;
        this.url = jdbcUrl;
        this.servers = servers(jdbcUrl);
        if (servers.size() < 2) {
            throw new IllegalArgumentException("a primary guard needs a URL with several hosts");
        }
        this.properties = new Properties();
        this.properties.putAll(properties);
        this.properties.setProperty("targetServerType", "primary");
        this.listener = Objects.requireNonNull(listener, "listener cannot be null");
    }

    /**
     * The {@code host:port} servers of a PostgreSQL JDBC URL, in the URL's order, as pgjdbc reads them; one entry for
     * a single-host URL, none when pgjdbc cannot read it.
     */
    public static List<String> servers(String jdbcUrl) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null || parsed.getProperty("PGHOST") == null) {
            return List.of();
        }
        String[] hosts = parsed.getProperty("PGHOST").split(",", -1);
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i];
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            out.add(host + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
        }
        return List.copyOf(out);
    }

    /** The servers of the URL, {@code host:port}, in its order. */
    public List<String> serverList() {
        return servers;
    }

    /** Connections to the accepted primary (and only to it). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The accepted primary's host and port, or null before one is accepted. */
    public InetSocketAddress address() {
        Identity current = accepted;
        if (current == null) {
            return null;
        }
        int colon = current.server().lastIndexOf(':');
        String host = current.server().substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return InetSocketAddress.createUnresolved(host, Integer.parseInt(current.server().substring(colon + 1)));
    }

    /** The accepted primary, {@code host:port (system …, timeline …)}, or null. */
    public String acceptedPrimary() {
        Identity current = accepted;
        return current == null ? null : current.toString();
    }

    /** The primaries the last survey found and refused, described; empty when none. */
    public List<String> refusedPrimaries() {
        return refused.stream().map(Identity::toString).toList();
    }

    /** Why no primary may be written to now (a split brain the library cannot settle), or null. */
    public String splitBrain() {
        return splitBrain;
    }

    /**
     * The operator's word: the next survey accepts {@code server} as the primary, whatever its identity, provided it
     * is then a primary, and forgets every earlier refusal.
     *
     * @param server one of {@link #serverList()}, {@code host:port}
     * @throws IllegalArgumentException when the URL does not list it
     */
    public void accept(String server) {
        Objects.requireNonNull(server, "server cannot be null");
        if (!servers.contains(server.strip())) {
            throw new IllegalArgumentException("'" + server + "' is not one of the hosts of database " + name
                    + ": " + String.join(", ", servers));
        }
        operatorChoice = server.strip();
        LOG.warn("[{}] An operator accepts {} as the primary to write to", name, operatorChoice);
    }

    /**
     * Asks every host, in parallel, whether it is a primary and who it is, and judges the answers (see the class
     * comment). Connection attempts are bounded by the driver's connect time-out.
     *
     * @return whether a primary may be written to now
     */
    public boolean survey() {
        List<Observation> seen = observeAll();
        synchronized (this) {
            String choice = operatorChoice;
            Verdict verdict = judge(accepted, choice, seen);
            if (choice != null && verdict.chosen() != null && verdict.chosen().server().equals(choice)) {
                operatorChoice = null;
                reported.clear();
            }
            apply(verdict);
            return verdict.chosen() != null;
        }
    }

    /** Must hold the lock. */
    private void apply(Verdict verdict) {
        Identity previous = accepted;
        Identity chosen = verdict.chosen();
        if (chosen != null && !chosen.equals(previous)) {
            accepted = chosen;
            if (previous == null) {
                LOG.info("[{}] Writes go to the primary {}", name, chosen);
            } else {
                LOG.warn("[{}] Writes follow the primary {} (before: {})", name, chosen, previous);
                listener.onPrimaryChanged(previous.server(), chosen.server());
            }
        }
        refused = List.copyOf(verdict.refused());
        for (Identity stale : verdict.refused()) {
            if (reported.putIfAbsent(stale, Boolean.TRUE) == null) {
                LOG.error("[{}] Split brain: {} is a primary too, and is refused: it is never written to until an "
                        + "operator accepts a primary (ReadOnlyControl.acceptPrimary). Writes go to {}. Fence the "
                        + "refused server (stop it, or rebuild it as a standby of the primary)", name, stale,
                        accepted == null || verdict.chosen() == null ? "no server" : accepted);
                listener.onSplitBrain(stale.server(), verdict.chosen() == null ? null : verdict.chosen().server());
            }
        }
        splitBrain = verdict.splitBrain();
    }

    /**
     * Judges one survey. Pure: the caller applies the verdict.
     *
     * @param accepted the primary written to so far, or null before the first
     * @param choice   the server an operator accepts, or null
     */
    static Verdict judge(Identity accepted, String choice, List<Observation> seen) {
        List<Observation> primaries = seen.stream().filter(o -> o.reachable() && o.primary()).toList();
        if (choice != null) {
            for (Observation o : primaries) {
                if (o.server().equals(choice)) {
                    List<Identity> others = primaries.stream().filter(p -> p != o).map(Observation::identity)
                            .toList();
                    return new Verdict(o.identity(), others, null);
                }
            }
        }
        List<Observation> candidates = new ArrayList<>();
        List<Identity> refused = new ArrayList<>();
        for (Observation o : primaries) {
            if (accepted == null || acceptable(accepted, o)) {
                candidates.add(o);
            } else {
                refused.add(o.identity());
            }
        }
        if (accepted == null && candidates.stream().map(Observation::systemId).filter(Objects::nonNull)
                .distinct().count() > 1) {
            refused.addAll(candidates.stream().map(Observation::identity).toList());
            return new Verdict(null, refused, "primaries of different systems answer: "
                    + describe(candidates));
        }
        long top = candidates.stream().mapToLong(Observation::timeline).max().orElse(-1);
        List<Observation> best = candidates.stream().filter(o -> o.timeline() == top).toList();
        if (best.size() > 1) {
            refused.addAll(candidates.stream().map(Observation::identity).toList());
            return new Verdict(null, refused, "several primaries on timeline " + top + ": " + describe(best));
        }
        if (best.isEmpty()) {
            return new Verdict(null, refused, refused.isEmpty() ? null
                    : "the only primaries that answer are refused: " + String.join(", ",
                    refused.stream().map(Identity::toString).toList()));
        }
        Observation winner = best.getFirst();
        for (Observation o : candidates) {
            if (o != winner) {
                refused.add(o.identity()); // a lower timeline than the winner's: an older primary
            }
        }
        return new Verdict(winner.identity(), refused, null);
    }

    private static boolean acceptable(Identity accepted, Observation o) {
        if (accepted.systemId() != null && o.systemId() != null && !accepted.systemId().equals(o.systemId())) {
            return false; // another database system altogether
        }
        if (o.timeline() > accepted.timeline()) {
            return true; // a promotion of a standby that followed it
        }
        return o.timeline() == accepted.timeline() && o.server().equals(accepted.server());
    }

    private static String describe(List<Observation> observations) {
        return String.join(", ", observations.stream().map(o -> o.identity().toString()).toList());
    }

    private List<Observation> observeAll() {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Observation>> futures = new ArrayList<>();
            for (String server : servers) {
                futures.add(threads.submit(() -> observe(server)));
            }
            List<Observation> out = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(new Observation(servers.get(i), false, false, null, -1));
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(new Observation(servers.get(i), false, false, null, -1));
                }
            }
            return out;
        }
    }

    private Observation observe(String server) {
        Properties any = new Properties();
        any.putAll(properties);
        any.setProperty("targetServerType", "any");
        try (Connection c = driver.connect(urlFor(server), any)) {
            Identity identity = identify(c, server);
            return identity == null ? new Observation(server, true, false, null, -1)
                    : new Observation(server, true, true, identity.systemId(), identity.timeline());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("[{}] Survey: {} does not answer ({})", name, server,
                    e instanceof SQLException s ? s.getSQLState() : e.toString());
            return new Observation(server, false, false, null, -1);
        }
    }

    /** Who a connected server is, or null when it is a standby. */
    private Identity identify(Connection c, String server) throws SQLException {
        try (Statement st = c.createStatement()) {
            long timeline;
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN NULL "
                    + "ELSE pg_walfile_name(pg_current_wal_lsn()) END")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return null;
                }
                timeline = Long.parseLong(rs.getString(2).substring(0, 8), 16);
            }
            String systemId = null;
            try (ResultSet rs = st.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
                rs.next();
                systemId = rs.getString(1);
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState())) {
                    throw e;
                }
                synchronized (this) {
                    if (!systemIdUnreadableLogged) {
                        systemIdUnreadableLogged = true;
                        LOG.info("[{}] pg_control_system() may not be read (42501): primaries are told apart by "
                                + "server and timeline only", name);
                    }
                }
            }
            return new Identity(server, systemId, timeline);
        }
    }

    /** The URL with its host list replaced by one server; parameters stay. */
    String urlFor(String server) {
        int start = url.indexOf("//") + 2;
        int end = start;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        return url.substring(0, start) + server + url.substring(end);
    }

    /** A new connection to the accepted primary, checked to still be it. */
    Connection connect() throws SQLException {
        Identity current = accepted;
        if (current == null) {
            String why = splitBrain;
            throw new SQLTransientConnectionException("No primary to write to among " + String.join(", ", servers)
                    + (why == null ? "" : ": split brain, " + why), "08001");
        }
        Connection c = driver.connect(urlFor(current.server()), properties);
        if (c == null) {
            throw new SQLNonTransientConnectionException("pgjdbc does not accept the URL", "08001");
        }
        try {
            Identity now = identify(c, current.server());
            if (now == null || now.timeline() != current.timeline()
                    || (now.systemId() != null && current.systemId() != null
                    && !now.systemId().equals(current.systemId()))) {
                throw new SQLTransientConnectionException(current.server() + " is no longer the primary "
                        + current + (now == null ? ": it is a standby" : ": it is " + now), "08001");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Hands out {@link #connect()}; credentials come from the guard's properties. */
    private final class GuardedDataSource implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return connect();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connect();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }
    }
}
