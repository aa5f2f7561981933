package dev.windsurf.example.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;

/**
 * A server span per matched request, continuing the caller's trace from its W3C {@code traceparent} header, and
 * current while the handler runs, so that the database's spans become its children. Thread-safe.
 */
final class RequestTracing {

    private static final String SPAN = "windsurf.http.span";
    private static final String SCOPE = "windsurf.http.scope";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /**
     * @param openTelemetry where spans go; its propagators read the incoming context, W3C trace context when it has
     *                      none
     */
    RequestTracing(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry cannot be null");
        this.tracer = openTelemetry.getTracer("dev.windsurf.example");
        TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
        this.propagator = configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance() : configured;
    }

    void install(RoutesConfig routes) {
        routes.beforeMatched(this::start);
        routes.afterMatched(this::end);
    }

    private void start(Context ctx) {
        io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String route = matched == null ? null : matched.path;
        io.opentelemetry.context.Context parent = propagator.extract(io.opentelemetry.context.Context.root(), ctx,
                HEADERS);
        // The route template, never the path: a path holds ids.
        Span span = tracer.spanBuilder(route == null ? ctx.method().name() : ctx.method().name() + " " + route)
                .setParent(parent).setSpanKind(SpanKind.SERVER).setAttribute(METHOD, ctx.method().name())
                .startSpan();
        if (route != null) {
            span.setAttribute(ROUTE, route);
        }
        ctx.attribute(SPAN, span);
        ctx.attribute(SCOPE, parent.with(span).makeCurrent());
    }

    private void end(Context ctx) {
        Scope scope = ctx.attribute(SCOPE);
        Span span = ctx.attribute(SPAN);
        if (scope != null) {
            scope.close();
        }
        if (span != null) {
            int status = ctx.statusCode();
            span.setAttribute(STATUS, (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
