package dev.windsurf.example;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.example.http.ApiServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import dev.windsurf.example.http.HttpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves the HTTP API until the process is told to stop (SIGTERM, Ctrl-C), then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP JSON API. Migrations are applied at start per the schema policy "
                + "(MIGRATE on SQLite, VALIDATE on PostgreSQL; WINDSURF_SCHEMA_POLICY overrides). "
                + "Operator routes exist only when WINDSURF_ADMIN_TOKEN is set (32+ printable ASCII characters without spaces).")
final class ServeCommand implements Callable<Integer> {

    /** The defaults: picocli's, and the fields' own for a command filled without picocli ({@link ServeArguments}). */
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_GRACE_SECONDS = 10;

    @picocli.CommandLine.Mixin
    Verbose verbose = new Verbose();

    @Option(names = "--url", paramLabel = "URL", description = "The database: a JDBC URL, postgresql://user@host/db "
            + "or sqlite:///file.db (default: DATABASE_URL, else ./data/windsurf.db).")
    String url;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = DEFAULT_PORT;

    @Option(names = "--host", defaultValue = DEFAULT_HOST,
            description = "Address to listen on; 0.0.0.0 for all (default: ${DEFAULT-VALUE}).")
    String host = DEFAULT_HOST;

    @Option(names = "--grace", defaultValue = DEFAULT_GRACE_SECONDS + "s", converter = DurationConverter.class,
            description = "How long requests in flight may finish at shutdown: 10s, 500ms, 2m or ISO-8601 such as "
                    + "PT10S (default: ${DEFAULT-VALUE}).")
    Duration grace = Duration.ofSeconds(DEFAULT_GRACE_SECONDS);

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "A Host name to answer (repeatable); "
            + "others get 421. Default: localhost, 127.0.0.1 and [::1] when --host is a loopback address, any name "
            + "otherwise.")
    List<String> allowedHosts;

    @Option(names = "--max-connections", defaultValue = "" + HttpSettings.DEFAULT_MAX_CONNECTIONS,
            description = "Most connections held open at once; more wait in the backlog (default: ${DEFAULT-VALUE}).")
    int maxConnections = HttpSettings.DEFAULT_MAX_CONNECTIONS;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Serving serving = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            serving.log.info("Shutting down: no new connections, waiting up to {} s for requests in flight",
                    grace.toSeconds());
            serving.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /**
     * Starts the database and the server, as {@link #call()} does, and returns them running: for the start-up
     * cache's training run, which stops them again.
     */
    Serving start() {
        if (port < 0 || port > 65535) {
            throw usage("--port must be between 0 and 65535, was " + port);
        }
        HttpSettings httpSettings;
        try {
            httpSettings = settings();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        long started = System.nanoTime();
        // Created here, not when the command line is built: a `db` command never starts the logging of the server
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        // The HTTP stack's first use overlaps the database's start on a second processor; it keeps nothing.
        Thread.ofPlatform().name("http-warm-up").daemon().start(ApiServer::warmUp);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // An OpenTelemetry agent or SDK registered globally receives the spans; without one they cost nothing.
        OpenTelemetry openTelemetry = GlobalOpenTelemetry.get();
        DatabaseConfig.Builder config = DatabaseConfig.fromEnvironment();
        if (url != null) {
            config.url(url);
        }
        Database db = Database.start(config.meterRegistry(metrics).openTelemetry(openTelemetry).build());
        ApiServer server;
        try {
            server = new ApiServer(db, System.getenv("WINDSURF_ADMIN_TOKEN"), grace, httpSettings, metrics,
                    openTelemetry).start(host, port);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        log.info("Listening on http://{}:{} ({} ms after start)", host, server.port(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new Serving(db, server, log);
    }

    /**
     * The HTTP settings of these options.
     *
     * @throws IllegalArgumentException when an option's value is out of range
     */
    HttpSettings settings() {
        HttpSettings.Builder settings = HttpSettings.builder().maxConnections(maxConnections);
        if (allowedHosts != null) {
            settings.allowedHosts(Set.copyOf(allowedHosts));
        }
        return settings.build();
    }

    /** A usage error: picocli's, naming the command, when picocli read the options. */
    private RuntimeException usage(String message) {
        return spec != null ? new picocli.CommandLine.ParameterException(spec.commandLine(), message)
                : new IllegalArgumentException(message);
    }

    /** A running server and its database; {@link #close()} stops the server gracefully, then closes the database. */
    record Serving(Database db, ApiServer server, Logger log) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.stop();
            } finally {
                db.close();
            }
        }
    }
}
