package dev.windsurf.example.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one shape of every error response: {@code {"error": {"status": 422, "code": "validation_failed", "message": …,
 * "violations": [{"field": …, "message": …}], "field": …}}}. Never holds a stack trace, SQL text or a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String code, String message, String field, List<Violation> violations,
                       Long retryAfterSeconds) {

    /** One refused field. */
    public record Violation(String field, String message) {
    }

    /** The envelope: {@code {"error": …}}. */
    public record Envelope(ApiError error) {
    }

    static ApiError of(int status, String code, String message) {
        return new ApiError(status, code, message, null, null, null);
    }
}
