package dev.windsurf.data.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster of its own, which a test may stop, kill and start again without touching the shared
 * server.
 *
 * <p>{@link #start()} creates a data directory under {@code java.io.tmpdir} (which the {@code postgres} OS user must
 * be able to traverse), listening on {@code 127.0.0.1} on a free port with trust authentication for user
 * {@code postgres}, its Unix socket in the data directory, and {@code fsync=off}. The server binaries are found with
 * {@code pg_config --bindir}, else in the newest {@code /usr/lib/postgresql/<version>/bin}. PostgreSQL refuses to run
 * as root, so when the JVM runs as root every server command runs as the {@code postgres} user through
 * {@code runuser}. The first cluster of a JVM runs {@code initdb} into a template that later clusters copy, which
 * makes them faster to create.
 *
 * <p>{@link #startStandby()} adds a hot standby streaming from a cluster, and {@link #promote()} turns a standby into
 * a primary, for tests of read replicas and of a database that refuses writes because it is a standby.
 *
 * <p>{@link #close()} stops the server (immediately) and deletes the data directory; a JVM shutdown hook does the
 * same for clusters a test forgot or an aborted run left behind.
 *
 * <p>Thread-safe: the lifecycle methods are synchronized.
 */
public final class PgCluster implements AutoCloseable {

    /** The superuser of every cluster (trust authentication, no password). */
    public static final String USER = "postgres";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String OS_USER = "postgres";
    private static final Object TEMPLATE_LOCK = new Object();
    private static volatile Template template;
    private static volatile Optional<String> unavailable;

    private final Tools tools;
    private final Path baseDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final Thread shutdownHook;
    private final List<PgCluster> standbys = new ArrayList<>();
    private boolean running;
    private boolean closed;
    private boolean frozen;

    private PgCluster(Tools tools, Path baseDirectory, int port) {
        this.tools = tools;
        this.baseDirectory = baseDirectory;
        this.dataDirectory = baseDirectory.resolve("data");
        this.logFile = baseDirectory.resolve("server.log");
        this.port = port;
        this.shutdownHook = Thread.ofPlatform().name("pg-cluster-" + port + "-shutdown").unstarted(this::close);
    }

    /**
     * Creates a cluster in a fresh temporary directory and starts it; it accepts connections when this returns.
     *
     * @throws IllegalStateException if the PostgreSQL server binaries or {@code runuser} are missing (the message
     *     says which), or the cluster cannot be created or started (the message holds the server log's tail)
     */
    public static PgCluster start() {
        return start(Tools.locate());
    }

    /** As {@link #start()}, with the server binaries taken from {@code binDirectory}. */
    static PgCluster start(Path binDirectory) {
        return start(Tools.in(binDirectory));
    }

    private static PgCluster start(Tools tools) {
        tools.requireUsable();
        PgCluster cluster = create(tools);
        try {
            templateFor(tools).copyTo(cluster.dataDirectory, tools);
            cluster.appendConfig(
                    "# throwaway test cluster",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + cluster.port,
                    "unix_socket_directories = '" + cluster.dataDirectory + "'",
                    "fsync = off",
                    "full_page_writes = off",
                    "max_connections = 50",
                    "shared_buffers = 16MB");
            cluster.restart();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** A cluster object with its own directory and port, not yet initialised, cleaned up at JVM exit. */
    private static PgCluster create(Tools tools) {
        Path base = ownedTempDirectory("wsf-pgcluster-", tools);
        PgCluster cluster = new PgCluster(tools, base, freePort());
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        return cluster;
    }

    /** Appends settings to postgresql.conf, where a later line wins over an earlier one. */
    private void appendConfig(String... lines) {
        Path file = dataDirectory.resolve("postgresql.conf");
        try {
            Files.writeString(file, "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Skips (or, when {@code WINDSURF_REQUIRE_POSTGRES=true}, fails) the calling test when no cluster can be started
     * here because the server binaries or {@code runuser} are missing.
     */
    public static void assumeAvailable() {
        Optional<String> reason = unavailable;
        if (reason == null) {
            synchronized (PgCluster.class) {
                reason = unavailable;
                if (reason == null) {
                    try {
                        Tools.locate().requireUsable();
                        reason = Optional.empty();
                    } catch (IllegalStateException e) {
                        reason = Optional.of(e.getMessage());
                    }
                    unavailable = reason;
                }
            }
        }
        if (reason.isPresent()) {
            String message = "A throwaway PostgreSQL cluster cannot be started: " + reason.get() + ". "
                    + "Tests that stop or kill PostgreSQL are SKIPPED; set WINDSURF_REQUIRE_POSTGRES=true to fail.";
            if (TestPostgres.required()) {
                fail(message);
            }
            System.err.println("\n*** " + message + " ***\n");
            Assumptions.abort(message);
        }
    }

    /** The port the server listens on, on {@code 127.0.0.1}; the same across restarts. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}; connect as {@link #USER} without a password. */
    public String jdbcUrl(String database) {
        Objects.requireNonNull(database, "database cannot be null");
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The data directory (owned by the {@code postgres} OS user); gone after {@link #close()}. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Creates an empty database.
     *
     * @throws IllegalArgumentException if {@code name} is not a lower-case SQL identifier
     * @throws IllegalStateException if the server refuses
     */
    public void createDatabase(String name) {
        Objects.requireNonNull(name, "name cannot be null");
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ", not '" + name + "'");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on port " + port + ": "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** Stops the server cleanly ({@code pg_ctl stop -m fast -w}): sessions end with SQLState 57P01. */
    public synchronized void stop() {
        requireOpen();
        pgCtl("stop", "-m", "fast", "-w");
        running = false;
    }

    /**
     * Stops the server as a crash would ({@code pg_ctl stop -m immediate -w}): no checkpoint, sessions are dropped,
     * and the next start runs crash recovery.
     */
    public synchronized void kill() {
        requireOpen();
        pgCtl("stop", "-m", "immediate", "-w");
        running = false;
    }

    /**
     * Starts the server again on the same port and data directory, stopping it first ({@code -m fast}) if it is
     * running; it accepts connections when this returns. (A static {@code start()} already creates clusters, so this
     * cannot be called {@code start}.)
     *
     * @throws IllegalStateException if the server does not start (the message holds the server log's tail)
     */
    public synchronized void restart() {
        requireOpen();
        if (isRunning()) {
            pgCtl("stop", "-m", "fast", "-w");
        }
        pgCtl("start", "-w", "-t", "60", "-l", logFile.toString());
        running = true;
    }

    /**
     * Creates a hot standby of this cluster and starts it: a base backup taken over the replication protocol
     * ({@code pg_basebackup -R -X stream}) into a directory of its own, listening on {@code 127.0.0.1} on another free
     * port, streaming WAL from this cluster and serving read-only sessions ({@code hot_standby = on}); writes there
     * fail with SQLState 25006. It accepts connections when this returns. Replication is asynchronous: a commit on
     * this cluster shows on the standby a little later.
     *
     * <p>The standby is a {@code PgCluster} of its own ({@link #stop()}, {@link #restart()}, {@link #promote()},
     * {@link #close()}); closing this cluster closes its standbys first. The primary's {@code pg_hba.conf}, written by
     * {@code initdb --auth=trust}, already trusts replication connections from {@code 127.0.0.1}.
     *
     * @throws IllegalStateException if this cluster is not running, or the backup or the standby's start fails (the
     *     message holds the command's output or the server log's tail)
     */
    public synchronized PgCluster startStandby() {
        requireOpen();
        if (!running) {
            throw new IllegalStateException("Cannot take a base backup of " + this + ": it is not running");
        }
        PgCluster standby = create(tools);
        try {
            Result backup = tools.run(List.of(tools.pgBasebackup().toString(), "-h", "127.0.0.1",
                    "-p", Integer.toString(port), "-U", USER, "-D", standby.dataDirectory.toString(),
                    "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"));
            if (backup.exitCode() != 0) {
                throw new IllegalStateException("pg_basebackup from port " + port + " failed (exit "
                        + backup.exitCode() + "): " + backup.output().strip());
            }
            // The copied postgresql.conf holds this cluster's port and socket directory: the lines below win.
            standby.appendConfig(
                    "# hot standby of the cluster on port " + port,
                    "port = " + standby.port,
                    "unix_socket_directories = '" + standby.dataDirectory + "'",
                    "hot_standby = on",
                    "hot_standby_feedback = on",
                    "wal_retrieve_retry_interval = '200ms'");
            standby.restart();
            standbys.add(standby);
            return standby;
        } catch (RuntimeException e) {
            standby.close();
            throw e;
        }
    }

    /**
     * Promotes this hot standby to a primary that takes writes ({@code pg_ctl promote -w}); it stops following the
     * cluster it was copied from. Returns when the promotion is complete.
     *
     * @throws IllegalStateException if this cluster is not a running standby
     */
    public synchronized void promote() {
        requireOpen();
        pgCtl("promote", "-w", "-t", "60");
    }

    /**
     * Freezes the whole server ({@code SIGSTOP} to the postmaster named in {@code postmaster.pid} and to each of its
     * child processes, by process id): sockets stay open and the kernel still accepts TCP connections, but nothing
     * answers, as with a hung host. {@link #thaw()} resumes it. Safe to call while frozen.
     *
     * @throws IllegalStateException if the server is not running or a signal cannot be sent
     */
    public synchronized void freeze() {
        requireOpen();
        signalServer("STOP");
        frozen = true;
    }

    /** Resumes a server frozen by {@link #freeze()} ({@code SIGCONT}, postmaster last frozen first resumed). */
    public synchronized void thaw() {
        requireOpen();
        signalServer("CONT");
        frozen = false;
    }

    private void signalServer(String signal) {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the postmaster's pid of " + this + ": " + e, e);
        }
        List<Long> children = ProcessHandle.of(postmaster).map(p -> p.children().map(ProcessHandle::pid).toList())
                .orElse(List.of());
        try {
            // A child may end between listing and signalling (a session closing): only the postmaster must be there.
            signal(signal, postmaster, true);
            for (long child : children) {
                signal(signal, child, false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot signal " + this + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + this, e);
        }
    }

    private void signal(String signal, long pid, boolean required) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0 && required) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed for " + this + ": "
                    + output.strip());
        }
    }

    /** Whether the server is running, as {@code pg_ctl status} reports it. */
    public synchronized boolean isRunning() {
        if (closed) {
            return false;
        }
        Result status = tools.run(List.of(tools.pgCtl().toString(), "status", "-D", dataDirectory.toString()));
        return status.exitCode() == 0;
    }

    /** Stops the server immediately if it runs and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PgCluster standby : standbys) {
            standby.close();
        }
        if (frozen) {
            try {
                signalServer("CONT");
            } catch (IllegalStateException e) {
                System.err.println("Cannot resume " + this + " before stopping it: " + e.getMessage());
            }
        }
        try {
            if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                Result result = tools.run(List.of(tools.pgCtl().toString(), "stop", "-D", dataDirectory.toString(),
                        "-m", "immediate", "-w"));
                if (result.exitCode() != 0) {
                    killPostmaster();
                }
            }
        } finally {
            running = false;
            deleteRecursively(baseDirectory);
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs or has run anyway
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PgCluster[port=" + port + ", data=" + dataDirectory + ", running=" + running + "]";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("PgCluster on port " + port + " is closed");
        }
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(tools.pgCtl().toString(), "-D", dataDirectory.toString()));
        command.addAll(List.of(arguments));
        Result result = tools.run(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("pg_ctl " + String.join(" ", arguments) + " failed on port " + port
                    + " (exit " + result.exitCode() + "): " + result.output().strip()
                    + "\n--- server log (tail) ---\n" + logTail());
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The last resort when pg_ctl cannot stop the server: SIGKILL the postmaster named in postmaster.pid. */
    private void killPostmaster() {
        try {
            String first = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip();
            ProcessHandle.of(Long.parseLong(first)).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            System.err.println("Cannot kill the postmaster of " + this + ": " + e);
        }
    }

    private static Template templateFor(Tools tools) {
        Template current = template;
        if (current == null) {
            synchronized (TEMPLATE_LOCK) {
                current = template;
                if (current == null) {
                    current = Template.create(tools);
                    template = current;
                }
            }
        }
        return current;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }

    /** A fresh temporary directory, mode 0700, owned by the OS user that runs the server. */
    private static Path ownedTempDirectory(String prefix, Tools tools) {
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (tools.asRoot()) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(dir, owner);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for PostgreSQL", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("Cannot delete " + root + ": " + e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** A data directory fresh from initdb, copied into each new cluster; deleted when the JVM exits. */
    private record Template(Path dataDirectory) {

        static Template create(Tools tools) {
            Path base = ownedTempDirectory("wsf-pgtemplate-", tools);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pg-template-cleanup")
                    .unstarted(() -> deleteRecursively(base)));
            Path data = base.resolve("data");
            Result result = tools.run(List.of(tools.initdb().toString(), "-D", data.toString(), "-U", USER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"));
            if (result.exitCode() != 0) {
                throw new IllegalStateException("initdb failed (exit " + result.exitCode() + "): "
                        + result.output().strip());
            }
            return new Template(data);
        }

        void copyTo(Path target, Tools tools) {
            Result result = tools.run(List.of("cp", "-a", dataDirectory.toString(), target.toString()));
            if (result.exitCode() != 0) {
                throw new IllegalStateException("Cannot copy the initdb template to " + target + ": "
                        + result.output().strip());
            }
        }
    }

    /** Where the server binaries are and how to run them as the {@code postgres} OS user. */
    private record Tools(Path binDirectory, String problem, boolean asRoot, Path runuser) {

        static Tools locate() {
            boolean root = "root".equals(System.getProperty("user.name"));
            Optional<Path> runuser = root ? findRunuser() : Optional.empty();
            Optional<Path> bin = fromPgConfig().or(PgCluster.Tools::newestDebianBinDirectory);
            if (bin.isEmpty()) {
                return new Tools(null, "PostgreSQL server binaries not found: pg_config is not on the PATH and no"
                        + " /usr/lib/postgresql/<version>/bin/initdb exists (Debian: apt-get install postgresql)",
                        root, null);
            }
            return in(bin.get(), root, runuser.orElse(null));
        }

        static Tools in(Path binDirectory) {
            boolean root = "root".equals(System.getProperty("user.name"));
            return in(binDirectory, root, root ? findRunuser().orElse(null) : null);
        }

        private static Tools in(Path bin, boolean root, Path runuser) {
            List<String> missing = new ArrayList<>();
            for (String name : List.of("initdb", "pg_ctl")) {
                if (!Files.isExecutable(bin.resolve(name))) {
                    missing.add(bin.resolve(name).toString());
                }
            }
            String problem = null;
            if (!missing.isEmpty()) {
                problem = "PostgreSQL server binaries missing: " + String.join(", ", missing);
            } else if (root && runuser == null) {
                problem = "the JVM runs as root, PostgreSQL refuses to, and runuser (util-linux) was not found in"
                        + " /usr/sbin, /sbin, /usr/bin or /bin to run it as the '" + OS_USER + "' user";
            }
            return new Tools(bin, problem, root, runuser);
        }

        void requireUsable() {
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            if (asRoot) {
                Result probe = run(List.of(pgCtl().toString(), "--version"));
                if (probe.exitCode() != 0) {
                    throw new IllegalStateException("cannot run " + pgCtl() + " as the '" + OS_USER
                            + "' OS user through runuser (does that user exist?): " + probe.output().strip());
                }
            }
        }

        Path initdb() {
            return binDirectory.resolve("initdb");
        }

        Path pgCtl() {
            return binDirectory.resolve("pg_ctl");
        }

        Path pgBasebackup() {
            return binDirectory.resolve("pg_basebackup");
        }

        /** Runs a command as the server's OS user and waits for it; output is read from a file, not a pipe. */
        Result run(List<String> command) {
            List<String> full = new ArrayList<>();
            if (asRoot) {
                full.addAll(List.of(runuser.toString(), "-u", OS_USER, "--"));
            }
            full.addAll(command);
            Path output = null;
            try {
                // A file, not a pipe: pg_ctl start leaves a server running that could hold a pipe open.
                output = Files.createTempFile("wsf-pgcluster-cmd-", ".out");
                Process process = new ProcessBuilder(full)
                        .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Timed out after " + COMMAND_TIMEOUT + ": " + full);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + full, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + full, e);
            } finally {
                if (output != null) {
                    try {
                        Files.deleteIfExists(output);
                    } catch (IOException ignored) {
                        // a stray temp file
                    }
                }
            }
        }

        private static Optional<Path> findRunuser() {
            return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")
                    .map(Path::of).filter(Files::isExecutable).findFirst();
        }

        private static Optional<Path> fromPgConfig() {
            try {
                Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && !out.isEmpty()) {
                    return Optional.of(Path.of(out));
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        private static Optional<Path> newestDebianBinDirectory() {
            Path root = Path.of("/usr/lib/postgresql");
            if (!Files.isDirectory(root)) {
                return Optional.empty();
            }
            try (Stream<Path> versions = Files.list(root)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparing(bin -> versionOf(bin.getParent())));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private static int versionOf(Path versionDirectory) {
            try {
                return Integer.parseInt(versionDirectory.getFileName().toString());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
