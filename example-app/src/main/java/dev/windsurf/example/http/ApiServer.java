package dev.windsurf.example.http;

import dev.windsurf.data.Database;
import dev.windsurf.example.logging.ServerLogging;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WindSurf HTTP JSON API over the library's services, served by Javalin on virtual threads.
 *
 * <p>{@link #stop()} shuts down gracefully (Jetty's graceful stop): it stops accepting connections, lets the
 * requests in flight finish (up to the grace period), then stops the server. Closing the {@link Database} stays with
 * its owner. Thread-safe.
 */
public final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /**
     * One line per request ({@code GET /users/… -> 200 in 0.4 ms}), off unless its level is INFO or finer: the app's
     * logging ({@link dev.windsurf.example.logging.ServerLogging}) sets it from {@code WINDSURF_ACCESS_LOG} (default
     * OFF) and writes it through an asynchronous appender, so that a request never waits for the log.
     */
    private static final Logger ACCESS = LoggerFactory.getLogger(ServerLogging.ACCESS_LOGGER);

    /** The largest request body accepted; larger ones get 413. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    /** The buffer each response body is copied through. */
    private static final int RESPONSE_BUFFER_BYTES = 4 * 1024;

    /** The shortest operator token accepted. */
    public static final int MIN_TOKEN_LENGTH = 32;

    private final Javalin app;
    private final Duration grace;
    private final HttpSettings settings;
    private final RequestGate gate = new RequestGate();

    /**
     * @param db         the database the services run on
     * @param adminToken the bearer token of the operator routes, or null to leave them out (they answer 404)
     * @param grace      how long {@link #stop()} lets requests in flight finish
     * @throws IllegalArgumentException when the token is not {@value #MIN_TOKEN_LENGTH}+ printable ASCII characters
     *                                  without spaces
     */
    public ApiServer(Database db, String adminToken, Duration grace) {
        this(db, adminToken, grace, HttpSettings.defaults(), null, OpenTelemetry.noop());
    }

    /**
     * @param db            the database the services run on
     * @param adminToken    the bearer token of the operator routes, or null to leave them out (they answer 404)
     * @param grace         how long {@link #stop()} lets requests in flight finish
     * @param settings      allowed hosts, connection limit and time-outs
     * @param metrics       the registry {@code GET /metrics} serves in Prometheus text format (behind the operator
     *                      token when one is set), or null to leave the route out
     * @param openTelemetry where request spans go, continuing the caller's {@code traceparent}
     *                      ({@link OpenTelemetry#noop()} for none)
     * @throws IllegalArgumentException when the token is not {@value #MIN_TOKEN_LENGTH}+ printable ASCII characters
     *                                  without spaces
     */
    public ApiServer(Database db, String adminToken, Duration grace, HttpSettings settings,
                     PrometheusMeterRegistry metrics, OpenTelemetry openTelemetry) {
        Objects.requireNonNull(db, "db cannot be null");
        Objects.requireNonNull(openTelemetry, "openTelemetry cannot be null");
        Objects.requireNonNull(grace, "grace cannot be null");
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        if (adminToken != null) {
            checkToken(adminToken);
        }
        this.grace = grace;
        Routes routes = new Routes(db);
        this.app = Javalin.create(config -> {
            common(config);
            config.http.maxRequestSize = MAX_BODY_BYTES;
            // Javalin copies every response body through a buffer of this size, allocated per response (default
            // 32 KiB); a typical body here is well under 1 KiB, the largest page some 60 KiB.
            config.http.responseBufferSize = RESPONSE_BUFFER_BYTES;
            config.requestLogger.http((ctx, ms) -> {
                if (ACCESS.isInfoEnabled()) {
                    ACCESS.info("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(),
                            Math.round(ms * 10) / 10.0);
                }
            });
            config.jetty.modifyHttpConfiguration(http -> {
                http.setMinRequestDataRate(settings.minRequestDataRate());
                http.setIdleTimeout(settings.idleTimeout().toMillis());
            });
            config.jetty.modifyServer(server -> {
                // Javalin mounts its handlers inside the innermost wrapper: on stop, Jetty stops accepting and waits
                // for the requests in flight, up to the stop time-out; every request passes the gate first.
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(gate);
                server.setHandler(graceful);
                server.setStopTimeout(grace.toMillis());
                server.setErrorHandler(new JsonErrorHandler());
                // Past the limit Jetty stops accepting: further connections wait in the backlog instead of taking
                // file descriptors.
                server.addBean(new NetworkConnectionLimit(settings.maxConnections(), server));
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        for (Connector connector : server.getConnectors()) {
                            if (connector instanceof AbstractConnector network) {
                                network.setIdleTimeout(settings.idleTimeout().toMillis());
                                network.addEventListener(new HeaderDeadline(network.getScheduler(),
                                        settings.requestHeaderTimeout()));
                            }
                        }
                    }
                });
            });
            config.routes.exception(Routes.Unauthorized.class, (e, ctx) ->
                    ErrorResponses.send(ctx, ApiError.of(401, "unauthorized", e.getMessage())));
            ErrorResponses.install(config.routes);
            routes.install(config.routes, adminToken);
            new OpenApiRoute().install(config.routes);
            new RequestTracing(openTelemetry).install(config.routes);
            new ReadYourWrites(db).install(config.routes);
            if (metrics != null) {
                new OperationsRoutes(metrics).install(config.routes, adminToken);
            }
        });
    }

    /**
     * Prepares what every server needs and nothing here depends on: Jackson's mapper, Javalin's configuration, Jetty's
     * server and the OpenAPI document, so that their first use (class loading and initialisation, call-site linkage)
     * can overlap the database's start on another thread, as {@code windsurf serve} does. Listens on nothing and
     * keeps nothing; calling it is never needed. Thread-safe; may run concurrently with a constructor.
     */
    public static void warmUp() {
        try {
            JsonBodies.MAPPER.writeValueAsBytes(java.util.Map.of("status", "up"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
        OpenApiRoute.document();
        Javalin.create(config -> {
            common(config);
            config.startup.startupWatcherEnabled = false; // never started, on purpose: no hint about it
            config.jetty.modifyServer(server -> server.setHandler(new GracefulHandler()));
            config.routes.get("/", ctx -> ctx.json(java.util.Map.of()));
        });
    }

    /** What every Javalin here is made with: quiet start, virtual threads, the API's JSON mapper. */
    private static void common(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.jsonMapper(new JavalinJackson(JsonBodies.MAPPER, false));
    }

    /**
     * A token a client can send back exactly in an {@code Authorization} header (printable ASCII, no spaces) and
     * long enough not to be guessed. The message never repeats the token.
     */
    private static void checkToken(String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("WINDSURF_ADMIN_TOKEN must be at least " + MIN_TOKEN_LENGTH
                    + " characters long, was " + token.length() + "; generate one with: openssl rand -hex 32");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("WINDSURF_ADMIN_TOKEN must hold only printable ASCII characters "
                        + "without spaces; character " + (i + 1) + " is not one");
            }
        }
    }

    /**
     * Starts listening; {@code port} 0 picks a free one (see {@link #port()}). Unless the settings name the allowed
     * hosts, a server on a loopback address answers only the loopback names, and one on another address any name.
     */
    public ApiServer start(String host, int port) {
        gate.allowHosts(allowedHosts(host));
        app.start(host, port);
        return this;
    }

    private Set<String> allowedHosts(String host) {
        if (settings.allowedHosts() != null) {
            return settings.allowedHosts();
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress() ? RequestGate.LOOPBACK_NAMES : null;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Cannot resolve the address to listen on: " + host, e);
        }
    }

    /**
     * Every route registered, as method and path ({@code GET /users/{id}}): what {@code /openapi.json} must describe.
     */
    List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /**
     * Stops accepting connections, waits for the requests in flight (at most the grace period), then stops the
     * server. Idempotent.
     *
     * <p>Idle keep-alive connections are closed by Jetty after its shutdown idle time-out (1 s), so a stop with
     * clients still connected takes about a second. When the grace period runs out first, the server is stopped
     * anyway: what was still open is closed and a warning says so; this method does not throw for it.
     */
    public void stop() {
        try {
            app.stop();
        } catch (JavalinException e) {
            if (!(e.getCause() instanceof TimeoutException)) {
                throw e;
            }
            LOG.warn("The {} ms grace period ran out before every connection had finished; the connections still"
                    + " open were closed", grace.toMillis());
        }
    }
}
