package dev.windsurf.data.internal.tracing;

import dev.windsurf.data.internal.metrics.Outcomes;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.internal.tx.JdbcStatements;
import dev.windsurf.data.internal.tx.TransactionObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import javax.sql.DataSource;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * OpenTelemetry spans for one database: a span per call ({@code windsurf.db.read}, {@code .query}, {@code .write})
 * carrying each retry as an event, a child span per attempt, and under it a client span per statement with the stable
 * database semantic-convention attributes. Query texts never hold literals ({@link QueryText}); errors are recorded
 * with their SQLState, never with their message (which may quote the statement). The only class of the library that
 * touches OpenTelemetry: it is loaded only when the application gave one. Thread-safe.
 */
public final class DatabaseTracing implements TransactionObserver {

    static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
    static final AttributeKey<String> DB_RESPONSE_STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("windsurf.db.attempt");
    static final AttributeKey<Boolean> REPLICA = AttributeKey.booleanKey("windsurf.db.replica");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("windsurf.db.outcome");
    static final AttributeKey<String> RETRY_REASON = AttributeKey.stringKey("windsurf.db.retry.reason");

    private static final ContextKey<Endpoint> ENDPOINT = ContextKey.named("windsurf.db.endpoint");
    private static final String SPAN = "windsurf.db.statement.span";

    private final Tracer tracer;
    private final Statements statements = new Statements();
    private volatile Endpoint primary = new Endpoint("unknown", null, null, -1);
    private volatile Endpoint replica;

    /**
     * @param openTelemetry an {@link OpenTelemetry}
     * @throws IllegalArgumentException when {@code openTelemetry} is not an {@link OpenTelemetry}
     */
    public DatabaseTracing(Object openTelemetry) {
        if (!(openTelemetry instanceof OpenTelemetry otel)) {
            throw new IllegalArgumentException("openTelemetry must be an io.opentelemetry.api.OpenTelemetry, was "
                    + openTelemetry.getClass().getName());
        }
        this.tracer = otel.getTracer("dev.windsurf.data");
    }

    /**
     * Where connections go: the primary (also for statements outside transactions, {@code Database.dsl()}) and the
     * read replica, or null without one. Call once the pools are open.
     */
    public void endpoints(Endpoint primary, Endpoint replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /** The listener that gives every statement its span. */
    public ExecuteListener statements() {
        return statements;
    }

    @Override
    public TransactionObserver.Scope operationStarted(Operation operation) {
        Span span = tracer.spanBuilder("windsurf.db." + operation.label()).setSpanKind(SpanKind.INTERNAL)
                .setAllAttributes(endpointAttributes(primary)).startSpan();
        io.opentelemetry.context.Scope current = Context.current().with(span).makeCurrent();
        return failure -> {
            current.close();
            span.setAttribute(OUTCOME, Outcomes.outcome(failure));
            if (failure != null) {
                failed(span, failure);
            }
            span.end();
        };
    }

    @Override
    public TransactionObserver.Scope attemptStarted(Operation operation, int attempt, DataSource source,
                                                    boolean replica) {
        Endpoint endpoint = replica && this.replica != null ? this.replica : primary;
        Span span = tracer.spanBuilder("windsurf.db." + operation.label() + ".attempt")
                .setSpanKind(SpanKind.INTERNAL).setAllAttributes(endpointAttributes(endpoint))
                .setAttribute(ATTEMPT, (long) attempt).setAttribute(REPLICA, replica).startSpan();
        io.opentelemetry.context.Scope current = Context.current().with(span).with(ENDPOINT, endpoint).makeCurrent();
        return failure -> {
            current.close();
            if (failure != null) {
                failed(span, failure);
            }
            span.end();
        };
    }

    /** Adds a {@code retry} event to the call's span (current while its attempts run). */
    @Override
    public void retrying(int attempt, String code, Throwable cause) {
        AttributesBuilder attributes = Attributes.builder().put(ATTEMPT, (long) attempt)
                .put(RETRY_REASON, Outcomes.retryReason(code, cause));
        if (code != null) {
            attributes.put(DB_RESPONSE_STATUS_CODE, code);
        }
        Span.current().addEvent("retry", attributes.build());
    }

    @Override
    public void retriesExhausted(int attempts, Throwable cause) {
        Span.current().addEvent("retries exhausted", Attributes.of(ATTEMPT, (long) attempts));
    }

    private static Attributes endpointAttributes(Endpoint endpoint) {
        AttributesBuilder b = Attributes.builder().put(DB_SYSTEM_NAME, endpoint.system());
        if (endpoint.namespace() != null) {
            b.put(DB_NAMESPACE, endpoint.namespace());
        }
        if (endpoint.address() != null) {
            b.put(SERVER_ADDRESS, endpoint.address());
        }
        if (endpoint.port() > 0) {
            b.put(SERVER_PORT, (long) endpoint.port());
        }
        return b.build();
    }

    /** Marks a span failed with the failure's type and SQLState (or SQLite code); never its message. */
    static void failed(Span span, Throwable failure) {
        FailureClassifier.Classification c = FailureClassifier.classify(failure);
        String type = c.code() != null ? c.code() : failure.getClass().getName();
        span.setAttribute(ERROR_TYPE, type);
        if (c.code() != null) {
            span.setAttribute(DB_RESPONSE_STATUS_CODE, c.code());
        }
        span.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.type"),
                failure.getClass().getName()));
        span.setStatus(StatusCode.ERROR, c.code() != null ? "SQLState " + c.code() : failure.getClass().getSimpleName());
    }

    /** A client span per statement, a child of the attempt's span when there is one. */
    private final class Statements implements ExecuteListener, JdbcStatements.Observer {

        private static final long serialVersionUID = 1L;

        @Override
        public void start(ExecuteContext ctx) {
            ctx.data(SPAN, startSpan());
        }

        private Span startSpan() {
            Endpoint endpoint = Context.current().get(ENDPOINT);
            Endpoint target = endpoint != null ? endpoint : primary;
            SpanBuilder builder = tracer.spanBuilder(target.system()).setSpanKind(SpanKind.CLIENT)
                    .setAllAttributes(endpointAttributes(target));
            return builder.startSpan();
        }

        /** The same span for a statement run over plain JDBC (the services' pre-rendered statements). */
        @Override
        public JdbcStatements.Statement started(String sql) {
            Span span = startSpan();
            return new JdbcStatements.Statement() {
                @Override
                public void failed(Throwable failure) {
                    DatabaseTracing.failed(span, failure);
                }

                @Override
                public void end() {
                    finish(span, sql);
                }
            };
        }

        @Override
        public void exception(ExecuteContext ctx) {
            if (ctx.data(SPAN) instanceof Span span) {
                failed(span, ctx.sqlException() != null ? ctx.sqlException() : ctx.exception());
            }
        }

        @Override
        public void end(ExecuteContext ctx) {
            if (!(ctx.data(SPAN) instanceof Span span)) {
                return;
            }
            ctx.data(SPAN, null);
            String sql = ctx.sql();
            if (sql == null && ctx.batchSQL() != null && ctx.batchSQL().length > 0) {
                sql = ctx.batchSQL()[0];
            }
            finish(span, sql);
        }

        private void finish(Span span, String sql) {
            if (sql != null) {
                String operation = QueryText.operationName(sql);
                span.setAttribute(DB_QUERY_TEXT, QueryText.withoutLiterals(sql));
                if (operation != null) {
                    span.setAttribute(DB_OPERATION_NAME, operation);
                    Endpoint endpoint = Context.current().get(ENDPOINT);
                    String namespace = (endpoint != null ? endpoint : primary).namespace();
                    span.updateName(namespace == null ? operation : operation + " " + namespace);
                }
            }
            span.end();
        }
    }
}
