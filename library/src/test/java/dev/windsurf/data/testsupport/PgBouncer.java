package dev.windsurf.data.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PgBouncer of its own in front of a {@link PgCluster}, on a free port of {@code 127.0.0.1}, in transaction pooling
 * mode ({@code pool_mode = transaction}, {@code default_pool_size = 2}, so that a client's transactions move between
 * server sessions all the time), {@code auth_type = any} logging in to the server as {@code postgres}, and
 * {@code ignore_startup_parameters = extra_float_digits} (pgjdbc sends it; PgBouncer refuses unknown startup
 * parameters otherwise).
 *
 * <p>The binary is Debian's {@code pgbouncer} package. When it is missing and the JVM runs as root (as CI does), it is
 * installed with {@code apt-get install -y pgbouncer} (after {@code apt-get update} if the first try fails). PgBouncer
 * refuses to run as root, so it runs as the {@code postgres} OS user through {@code runuser}. When it can be neither
 * found nor installed the test is aborted with the reason on stderr, except under {@code CI=true}, where it fails.
 *
 * <p>{@link #close()} stops the process and deletes its directory. Thread-safe: the lifecycle methods are
 * synchronized.
 */
public final class PgBouncer implements AutoCloseable {

    private static final String OS_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Object INSTALL_LOCK = new Object();

    private final Path directory;
    private final int port;
    private final Process process;
    private boolean closed;

    private PgBouncer(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a PgBouncer in transaction mode in front of the server on {@code 127.0.0.1:backendPort}; every database
     * name is passed through.
     */
    public static PgBouncer start(int backendPort) {
        Path binary = binary();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pgbouncer-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            int port = freePort();
            Path ini = dir.resolve("pgbouncer.ini");
            Files.writeString(ini, String.join("\n",
                    "[databases]",
                    "* = host=127.0.0.1 port=" + backendPort + " user=postgres",
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = any",
                    "pool_mode = transaction",
                    "default_pool_size = 2",
                    "max_client_conn = 200",
                    "ignore_startup_parameters = extra_float_digits",
                    "server_connect_timeout = 2",
                    "server_login_retry = 1",
                    "query_wait_timeout = 5",
                    "logfile = " + dir.resolve("pgbouncer.log"),
                    "pidfile = " + dir.resolve("pgbouncer.pid"),
                    ""), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            if (root) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(dir, owner);
                Files.setOwner(ini, owner);
                command.addAll(List.of(runuser(), "-u", OS_USER, "--"));
            }
            command.addAll(List.of(binary.toString(), ini.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            PgBouncer bouncer = new PgBouncer(dir, port, process);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start pgbouncer", e);
        }
    }

    /** The port it listens on, on {@code 127.0.0.1}. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} through this PgBouncer. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + ": " + logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        String logs = logs();
        close();
        throw new IllegalStateException("pgbouncer did not listen on port " + port + " within " + START_TIMEOUT + ": "
                + logs);
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("stdout.log", "pgbouncer.log")) {
            try {
                out.append(Files.readString(directory.resolve(name), StandardCharsets.UTF_8).strip()).append('\n');
            } catch (IOException e) {
                // not written yet
            }
        }
        return out.toString();
    }

    /** Stops pgbouncer and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        children.forEach(ProcessHandle::destroy); // runuser's child is pgbouncer itself
        handle.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Cannot delete " + directory + ": " + e);
        }
    }

    /** The pgbouncer binary, installed with apt-get when missing and possible; aborts or fails the test otherwise. */
    private static Path binary() {
        synchronized (INSTALL_LOCK) {
            Optional<Path> found = find();
            if (found.isPresent()) {
                return found.get();
            }
            String problem;
            if (!"root".equals(System.getProperty("user.name"))) {
                problem = "pgbouncer is not installed and the tests do not run as root, so they cannot install it "
                        + "(apt-get install pgbouncer)";
            } else {
                System.err.println("pgbouncer is not installed: installing Debian's package with apt-get");
                String output = aptGet("install", "-y", "--no-install-recommends", "pgbouncer");
                if (find().isEmpty()) {
                    output += aptGet("update") + aptGet("install", "-y", "--no-install-recommends", "pgbouncer");
                }
                found = find();
                if (found.isPresent()) {
                    return found.get();
                }
                problem = "pgbouncer could not be installed with apt-get: " + output.strip();
            }
            System.err.println("SKIPPING the PgBouncer tests: " + problem);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(problem);
            }
            Assumptions.abort(problem);
            throw new AssertionError("unreachable");
        }
    }

    private static Optional<Path> find() {
        return Stream.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer")
                .map(Path::of).filter(Files::isExecutable).findFirst();
    }

    private static String aptGet(String... arguments) {
        List<String> command = new ArrayList<>(List.of("apt-get", "-q"));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "apt-get " + String.join(" ", arguments) + " timed out\n";
            }
            return "apt-get " + String.join(" ", arguments) + " exit " + p.exitValue() + ": "
                    + out.lines().skip(Math.max(0, out.lines().count() - 5)).reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            return "apt-get cannot run: " + e.getMessage() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted\n";
        }
    }

    private static String runuser() {
        return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("runuser (util-linux) is needed to run pgbouncer as "
                        + OS_USER + " from a root JVM"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "PgBouncer[port=" + port + ", dir=" + directory + "]";
    }
}
