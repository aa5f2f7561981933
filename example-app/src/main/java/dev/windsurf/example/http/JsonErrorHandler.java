package dev.windsurf.example.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before the request reaches the routes (a 503 while shutting down, a request
 * line it cannot parse, 414 and 431 for a request line or headers too long), in the API's JSON error shape instead of
 * an HTML page. An unknown HTTP version is answered 400 rather than Jetty's 505: the client sent a malformed request.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        ApiError error = switch (code) {
            case 503 -> ApiError.of(503, "unavailable", "The service is shutting down or unavailable; try again later");
            // A request line with an HTTP version that does not exist is the client's error, not the server's.
            case 505 -> ApiError.of(400, "bad_request", "Unsupported HTTP version: send HTTP/1.1");
            default -> ApiError.of(code, "http_" + code, message == null ? "HTTP " + code : message);
        };
        write(response, error, callback);
    }

    /** Answers {@code error} in the JSON shape, outside the routes. */
    static void write(Response response, ApiError error, Callback callback) {
        byte[] body;
        try {
            body = JsonBodies.MAPPER.writeValueAsBytes(new ApiError.Envelope(error));
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(error.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
