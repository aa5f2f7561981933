package dev.windsurf.example.http;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * {@code GET /metrics}: the Prometheus registry's text exposition, behind the operator token when one is set.
 * Thread-safe.
 */
final class OperationsRoutes {

    /** The content type of Prometheus' text format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    OperationsRoutes(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
    }

    /** @param adminToken the operator token that {@code /metrics} then requires, or null to serve it to anyone */
    void install(RoutesConfig routes, String adminToken) {
        byte[] expected = adminToken == null ? null : Routes.sha256(adminToken);
        routes.get("/metrics", ctx -> {
            if (expected != null) {
                Routes.requireToken(ctx, expected);
            }
            ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
        });
    }
}
