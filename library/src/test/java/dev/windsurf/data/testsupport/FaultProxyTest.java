package dev.windsurf.data.testsupport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.windsurf.data.testsupport.TestPostgres.ThrowawayDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {

    private static final byte[] COMMIT = "COMMIT".getBytes(US_ASCII);

    /** Raw TCP behaviour, against an echo server on loopback. */
    @Nested
    class OverTcp {

        private EchoServer echo;
        private FaultProxy proxy;

        @BeforeEach
        void startEchoServerBehindProxy() throws IOException {
            echo = new EchoServer();
            proxy = FaultProxy.start("127.0.0.1", echo.port());
        }

        @AfterEach
        void stop() throws IOException {
            proxy.close();
            echo.close();
        }

        @Test
        void shouldListenOnLoopbackOnly() throws IOException {
            Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .findFirst();
            Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");

            assertThatThrownBy(() -> new Socket(external.get(), proxy.port()).close())
                    .isInstanceOf(ConnectException.class);
        }

        @Test
        void shouldRelayBytesBothWays() throws IOException {
            try (Socket client = connect()) {
                // When
                send(client, "hello through the proxy");

                // Then
                assertThat(readExactly(client, 23)).isEqualTo("hello through the proxy");
                assertThat(proxy.openConnections()).isEqualTo(1);
                assertThat(proxy.connectionsAccepted()).isEqualTo(1);
            }
        }

        @Test
        void shouldRelayAHalfCloseAndForgetTheConnectionWhenBothSidesAreDone() throws Exception {
            try (Socket client = connect()) {
                send(client, "last words");
                client.shutdownOutput();

                assertThat(new String(client.getInputStream().readAllBytes(), US_ASCII)).isEqualTo("last words");
                assertThat(echo.nextOutcome()).isEqualTo("eof");
                awaitOpenConnections(0);
            }
        }

        @Test
        void shouldResetBothSidesOnCutAll() throws Exception {
            try (Socket first = connect(); Socket second = connect()) {
                // Given
                send(first, "a");
                send(second, "b");
                readExactly(first, 1);
                readExactly(second, 1);

                // When
                proxy.cutAll();

                // Then: a reset, not a clean end of stream, on the client side and on the server side
                assertThat(proxy.openConnections()).isZero();
                assertThatThrownBy(() -> first.getInputStream().read()).isInstanceOf(SocketException.class);
                assertThatThrownBy(() -> second.getInputStream().read()).isInstanceOf(SocketException.class);
                assertThat(List.of(echo.nextOutcome(), echo.nextOutcome())).containsOnly("reset");
            }
        }

        @Test
        void shouldStillRelayNewConnectionsAfterCutAll() throws IOException {
            proxy.cutAll();

            try (Socket client = connect()) {
                send(client, "again");
                assertThat(readExactly(client, 5)).isEqualTo("again");
            }
        }

        @Test
        void shouldResetNewConnectionsWhileRefusingAndKeepOpenOnesWorking() throws IOException {
            try (Socket existing = connect()) {
                send(existing, "x");
                readExactly(existing, 1);

                // When
                proxy.refuseNewConnections(true);

                // Then
                try (Socket refused = connect()) {
                    assertThatThrownBy(() -> refused.getInputStream().read()).isInstanceOf(SocketException.class);
                }
                send(existing, "still here");
                assertThat(readExactly(existing, 10)).isEqualTo("still here");
                assertThat(proxy.connectionsAccepted()).isEqualTo(2);
                assertThat(echo.accepted()).isEqualTo(1);

                // And when refusal ends, connections work again
                proxy.refuseNewConnections(false);
                try (Socket admitted = connect()) {
                    send(admitted, "ok");
                    assertThat(readExactly(admitted, 2)).isEqualTo("ok");
                }
            }
        }

        @Test
        void shouldHoldBytesWhileBlackholedAndDeliverThemWhenLifted() throws IOException {
            try (Socket client = connect()) {
                send(client, "1");
                readExactly(client, 1);

                // When
                proxy.blackhole(true);
                send(client, "2");

                // Then: nothing arrives, the connection stays open
                client.setSoTimeout(300);
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThat(proxy.openConnections()).isEqualTo(1);

                // And when lifted, the held byte is delivered
                proxy.blackhole(false);
                client.setSoTimeout(5_000);
                assertThat(readExactly(client, 1)).isEqualTo("2");
            }
        }

        @Test
        void shouldResetWithoutForwardingWhenTheMarkerArrivesAndForwardFirstIsFalse() throws Exception {
            try (Socket client = connect()) {
                // Given
                proxy.cutWhenClientSends(COMMIT, false);

                // When: the marker straddles two reads
                send(client, "say COM");
                assertThat(readExactly(client, 7)).isEqualTo("say COM");
                send(client, "MIT now");

                // Then
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
                assertThat(echo.nextOutcome()).isEqualTo("reset");
                assertThat(echo.received()).isEqualTo("say COM");
            }
        }

        @Test
        void shouldForwardTheMarkerThenResetBeforeAnyReplyWhenForwardFirstIsTrue() throws Exception {
            try (Socket client = connect()) {
                // Given
                proxy.cutWhenClientSends(COMMIT, true);

                // When
                send(client, "COMMIT");

                // Then: the server got it and answered, the client never sees the answer
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
                assertThat(echo.nextOutcome()).isEqualTo("reset");
                assertThat(echo.received()).isEqualTo("COMMIT");
            }
        }

        @Test
        void shouldCutOnlyOnceForOneArming() throws IOException {
            proxy.cutWhenClientSends(COMMIT, false);
            try (Socket first = connect()) {
                send(first, "COMMIT");
                assertThatThrownBy(() -> first.getInputStream().read()).isInstanceOf(SocketException.class);
            }

            try (Socket second = connect()) {
                send(second, "COMMIT");
                assertThat(readExactly(second, 6)).isEqualTo("COMMIT");
            }
        }

        @Test
        void shouldNotMatchBytesSentBeforeArming() throws IOException {
            try (Socket client = connect()) {
                send(client, "COMM");
                readExactly(client, 4);

                proxy.cutWhenClientSends(COMMIT, false);
                send(client, "IT");

                assertThat(readExactly(client, 2)).isEqualTo("IT");
            }
        }

        @Test
        void shouldResetClientsWhenTheTargetIsDown() throws IOException {
            int deadPort;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                deadPort = free.getLocalPort();
            }
            try (FaultProxy toNowhere = FaultProxy.start("127.0.0.1", deadPort); Socket client = connect(toNowhere)) {
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
            }
        }

        @Test
        void shouldEndItsThreadsAndRefuseConnectionsAfterClose() throws IOException {
            Socket client = connect();
            send(client, "x");
            readExactly(client, 1);
            proxy.blackhole(true);
            send(client, "held");

            // When
            proxy.close();
            proxy.close();

            // Then
            assertThat(proxy.liveThreads()).isZero();
            assertThat(proxy.openConnections()).isZero();
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
            assertThatThrownBy(this::connect).isInstanceOf(IOException.class);
            client.close();
        }

        @Test
        void shouldRejectAnUnusableMarker() {
            assertThatThrownBy(() -> proxy.cutWhenClientSends(new byte[0], true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..256");
            assertThatThrownBy(() -> proxy.cutWhenClientSends(null, true))
                    .isInstanceOf(NullPointerException.class).hasMessage("marker cannot be null");
        }

        private Socket connect() throws IOException {
            return connect(proxy);
        }

        private Socket connect(FaultProxy target) throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), target.port());
            socket.setSoTimeout(5_000);
            return socket;
        }

        private void awaitOpenConnections(int expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (proxy.openConnections() != expected && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(proxy.openConnections()).isEqualTo(expected);
        }
    }

    /** The PostgreSQL wire protocol through the proxy, against the shared server. */
    @Nested
    class OverPostgres {

        private ThrowawayDatabase database;
        private FaultProxy proxy;

        @BeforeEach
        void startProxyToThrowawayDatabase() throws SQLException {
            database = TestPostgres.create();
            URI server = URI.create(TestPostgres.ADMIN_URL.substring("jdbc:".length()));
            proxy = FaultProxy.start(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
            try (Connection c = database.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE ledger (id INT PRIMARY KEY)");
            }
        }

        @AfterEach
        void stop() {
            if (proxy != null) {
                proxy.close();
            }
            if (database != null) {
                database.close();
            }
        }

        @Test
        void shouldRunQueriesThroughTheProxy() throws SQLException {
            try (Connection c = connectThroughProxy(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO ledger VALUES (1)");

                assertThat(count(st)).isEqualTo(1);
                assertThat(proxy.openConnections()).isEqualTo(1);
            }
        }

        @Test
        void shouldFailTheNextQueryWithConnectionClassStateAfterCutAll() throws SQLException {
            try (Connection c = connectThroughProxy(); Statement st = c.createStatement()) {
                assertThat(count(st)).isZero();

                // When
                proxy.cutAll();

                // Then
                assertThat(sqlStateOf(() -> count(st))).isEqualTo("08006");
            }
        }

        @Test
        void shouldFailToConnectWhileRefusingAndKeepOpenConnectionsWorking() throws SQLException {
            try (Connection open = connectThroughProxy(); Statement st = open.createStatement()) {
                proxy.refuseNewConnections(true);

                assertThat(sqlStateOf(this::connectThroughProxy)).isEqualTo("08001");
                assertThat(count(st)).isZero();
            }
        }

        @Test
        void shouldTimeOutAQueryWhileBlackholed() throws SQLException {
            try (Connection c = DriverManager.getConnection(proxiedUrl() + "&socketTimeout=1",
                    TestPostgres.USER, TestPostgres.PASSWORD); Statement st = c.createStatement()) {
                assertThat(count(st)).isZero();

                proxy.blackhole(true);
                long start = System.nanoTime();
                assertThat(sqlStateOf(() -> count(st))).isEqualTo("08006");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(
                        Duration.ofMillis(900), Duration.ofSeconds(10));
            }
        }

        @Test
        void shouldLetTheServerCommitButLoseTheReplyWhenCutAfterForwardingCommit() throws SQLException {
            try (Connection c = connectThroughProxy(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("INSERT INTO ledger VALUES (1)");

                // When
                proxy.cutWhenClientSends(COMMIT, true);
                String state = sqlStateOf(c::commit);

                // Then: the client cannot know, but the row is there
                assertThat(state).isEqualTo("08006");
                assertThat(countDirectly()).isEqualTo(1);
            }
        }

        @Test
        void shouldKeepTheCommitFromTheServerWhenCutBeforeForwardingCommit() throws SQLException {
            try (Connection c = connectThroughProxy(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("INSERT INTO ledger VALUES (1)");

                // When
                proxy.cutWhenClientSends(COMMIT, false);
                String state = sqlStateOf(c::commit);

                // Then
                assertThat(state).isEqualTo("08006");
                assertThat(countDirectly()).isZero();
            }
        }

        @Test
        void shouldSeeCommitTextOnEveryCommitOnlyWithPrepareThresholdZero() throws SQLException {
            // pgjdbc prepares its COMMIT as a named server statement on first use, so later commits on the same
            // connection carry no "COMMIT" text unless prepareThreshold=0.
            try (Connection c = DriverManager.getConnection(proxiedUrl() + "&prepareThreshold=0",
                    TestPostgres.USER, TestPostgres.PASSWORD); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                for (int id = 1; id <= 6; id++) {
                    st.execute("INSERT INTO ledger VALUES (" + id + ")");
                    c.commit();
                }
                st.execute("INSERT INTO ledger VALUES (7)");

                proxy.cutWhenClientSends(COMMIT, true);
                assertThat(sqlStateOf(c::commit)).isEqualTo("08006");
                assertThat(countDirectly()).isEqualTo(7);
            }
        }

        @Test
        void shouldMissTheMarkerWhenTheDriverReusesItsPreparedCommit() throws SQLException {
            // With the default prepareThreshold, pgjdbc sends "COMMIT" as text only on a connection's first commit;
            // later commits execute a named server-side statement. Arm the marker on a connection's first commit, or
            // connect with prepareThreshold=0.
            try (Connection c = connectThroughProxy(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("INSERT INTO ledger VALUES (1)");
                c.commit();
                st.execute("INSERT INTO ledger VALUES (2)");

                proxy.cutWhenClientSends(COMMIT, true);
                c.commit();

                assertThat(countDirectly()).isEqualTo(2);
                assertThat(proxy.openConnections()).isEqualTo(1);
            }
        }

        @Test
        void shouldRelayAPoolOfTenAndLetItRecoverAfterCutAll() throws Exception {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(proxiedUrl());
            config.setUsername(TestPostgres.USER);
            config.setPassword(TestPostgres.PASSWORD);
            config.setMaximumPoolSize(10);
            config.setMinimumIdle(10);
            config.setPoolName("fault-proxy-test");
            try (HikariDataSource pool = new HikariDataSource(config)) {
                // Given ten connections borrowed at once, each its own backend
                List<Connection> borrowed = new ArrayList<>();
                Set<Integer> backends = new HashSet<>();
                for (int i = 0; i < 10; i++) {
                    Connection c = pool.getConnection();
                    borrowed.add(c);
                    backends.add(backendPid(c));
                }
                assertThat(backends).hasSize(10);
                assertThat(proxy.openConnections()).isEqualTo(10);

                // When
                proxy.cutAll();

                // Then every one of them fails with a connection-class state
                for (Connection c : borrowed) {
                    assertThat(sqlStateOf(() -> backendPid(c))).startsWith("08");
                    c.close();
                }
                // And the pool replaces them
                try (Connection fresh = pool.getConnection()) {
                    assertThat(backendPid(fresh)).isNotIn(backends);
                }
                assertThat(proxy.connectionsAccepted()).isGreaterThan(10);
            }
        }

        private String proxiedUrl() {
            return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name() + "?sslmode=disable";
        }

        private Connection connectThroughProxy() throws SQLException {
            return DriverManager.getConnection(proxiedUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
        }

        private long countDirectly() throws SQLException {
            try (Connection c = database.connect(); Statement st = c.createStatement()) {
                return count(st);
            }
        }

        private static long count(Statement st) throws SQLException {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ledger")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private static int backendPid(Connection c) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String sqlStateOf(ThrowingCallable call) {
        SQLException failure = catchThrowableOfType(SQLException.class, call);
        assertThat((Throwable) failure).as("an SQLException").isNotNull();
        return failure.getSQLState();
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(US_ASCII));
        out.flush();
    }

    private static String readExactly(Socket socket, int length) throws IOException {
        return new String(socket.getInputStream().readNBytes(length), US_ASCII);
    }

    /** Echoes every byte back; records what it received and how each connection ended ("eof" or "reset"). */
    private static final class EchoServer implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final List<Thread> threads = new ArrayList<>();
        private int accepted;

        EchoServer() throws IOException {
            threads.add(Thread.ofVirtual().start(this::acceptLoop));
        }

        int port() {
            return listener.getLocalPort();
        }

        synchronized int accepted() {
            return accepted;
        }

        synchronized String received() {
            return received.toString(US_ASCII);
        }

        String nextOutcome() throws InterruptedException {
            String outcome = outcomes.poll(5, TimeUnit.SECONDS);
            assertThat(outcome).as("how an echoed connection ended").isNotNull();
            return outcome;
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket socket = listener.accept();
                    synchronized (this) {
                        accepted++;
                        threads.add(Thread.ofVirtual().start(() -> echo(socket)));
                    }
                }
            } catch (IOException closed) {
                // stop accepting
            }
        }

        private void echo(Socket socket) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        received.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                outcomes.add("eof");
            } catch (IOException e) {
                outcomes.add("reset");
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            List<Thread> snapshot;
            synchronized (this) {
                snapshot = List.copyOf(threads);
            }
            for (Thread thread : snapshot) {
                thread.interrupt();
            }
        }
    }
}
