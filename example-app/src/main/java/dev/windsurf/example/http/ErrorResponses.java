package dev.windsurf.example.http;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.DataException;
import dev.windsurf.data.MissingReferenceException;
import dev.windsurf.data.NotFoundException;
import dev.windsurf.data.OverloadedException;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.TransactionOutcomeUnknownException;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.ValidationException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to one JSON error shape and status: 400 malformed input, 401 bad credentials, 404 not found,
 * 409 conflict, 413 body too large, 422 validation, 503 read-only, overloaded (both with {@code Retry-After}) or
 * unavailable (nothing was written: retry), 504 outcome unknown (the change may have been applied: check before
 * retrying), 500 anything unexpected (logged with an id that the response carries; never the details).
 */
final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    static void install(RoutesConfig routes) {
        routes.exception(JsonBodies.BadRequest.class, (e, ctx) -> {
            LOG.warn("Refused {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            send(ctx, ApiError.of(400, "bad_request", e.getMessage()));
        });
        routes.exception(ValidationException.class, (e, ctx) -> send(ctx, new ApiError(422, "validation_failed",
                "The request has invalid fields", null, violations(e), null)));
        routes.exception(MissingReferenceException.class, (e, ctx) -> send(ctx, new ApiError(422,
                "missing_reference", e.getMessage(), e.field(),
                List.of(new ApiError.Violation(e.field(), "refers to a " + e.entity() + " that does not exist")), null)));
        routes.exception(Idempotency.KeyReused.class, (e, ctx) -> send(ctx, new ApiError(422,
                "idempotency_key_reused", e.getMessage(), Idempotency.HEADER, null, null)));
        routes.exception(NotFoundException.class, (e, ctx) -> send(ctx, ApiError.of(404, "not_found", e.getMessage())));
        routes.exception(ConflictException.class, (e, ctx) -> send(ctx, new ApiError(409, "conflict", e.getMessage(),
                e.field(), null, null)));
        routes.exception(ReadOnlyModeException.class, (e, ctx) -> {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            send(ctx, new ApiError(503, "read_only", "The service is read-only since " + e.since() + ": "
                    + e.reason() + ". Nothing was written; try again later.", null, null, seconds));
        });
        routes.exception(OverloadedException.class, (e, ctx) -> {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            send(ctx, new ApiError(503, "overloaded", "The service is busy; nothing was done. Try again in "
                    + seconds + " s.", null, null, seconds));
        });
        routes.exception(UnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            send(ctx, new ApiError(503, "unavailable", "The database is unavailable; nothing was written. "
                    + "Try again later.", null, null, 1L));
        });
        // Not a 503: those promise that nothing was written, so a client may simply retry. Here the change may have
        // been applied; 504 (the database did not confirm in time) with no Retry-After tells the client to check.
        routes.exception(TransactionOutcomeUnknownException.class, (e, ctx) -> send(ctx, ApiError.of(504,
                "outcome_unknown", "The database did not confirm the change: it may or may not have been applied. "
                        + "Check (read it back) before trying again.")));
        routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, ApiError.of(e.getStatus(),
                codeFor(e.getStatus()), e.getStatus() == 413 ? "The request body is too large" : e.getMessage())));
        routes.exception(DataException.class, (e, ctx) -> internal(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> internal(ctx, e));
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                send(ctx, ApiError.of(404, "not_found", "No route for " + ctx.method() + " " + ctx.path()));
            }
        });
        routes.error(405, ctx -> send(ctx, ApiError.of(405, "method_not_allowed", "Method not allowed")));
    }

    private static List<ApiError.Violation> violations(ValidationException e) {
        return e.violations().stream().map(v -> new ApiError.Violation(v.field(), v.message())).toList();
    }

    private static void internal(Context ctx, Exception e) {
        String id = UUID.randomUUID().toString();
        LOG.error("Request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
        send(ctx, ApiError.of(500, "internal_error", "Something went wrong on our side (error id " + id + ")"));
    }

    static void send(Context ctx, ApiError error) {
        ctx.status(error.status()).json(new ApiError.Envelope(error));
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 421 -> "misdirected_request";
            default -> "http_" + status;
        };
    }
}
