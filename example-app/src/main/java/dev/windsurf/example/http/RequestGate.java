package dev.windsurf.example.http;

import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every request before the routes see it: the {@code Host} must be an allowed name (else 421, against DNS
 * rebinding), no method override header (else 400: a {@code GET} must never act as a {@code DELETE}), and a body must
 * be {@code application/json} (else 415: a cross-site form or {@code text/plain} post cannot write). Each refusal is
 * one warning and a JSON error. Thread-safe.
 */
final class RequestGate extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    /** Names that reach a server listening on a loopback address. */
    static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private static final Set<String> OVERRIDE_HEADERS = Set.of("x-http-method-override", "x-http-method",
            "x-method-override");

    private volatile Set<String> allowedHosts;

    /** Answers only {@code hosts} (lower case, without port); null answers every name. */
    void allowHosts(Set<String> hosts) {
        this.allowedHosts = hosts == null ? null : Set.copyOf(hosts);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ApiError refusal = check(request);
        if (refusal == null) {
            return super.handle(request, response, callback);
        }
        LOG.warn("Refused {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), refusal.code());
        JsonErrorHandler.write(response, refusal, callback);
        return true;
    }

    private ApiError check(Request request) {
        Set<String> allowed = allowedHosts;
        if (allowed != null && !allowed.contains(hostOf(request))) {
            return ApiError.of(421, "misdirected_request", "This server does not answer for that Host");
        }
        for (HttpField field : request.getHeaders()) {
            if (OVERRIDE_HEADERS.contains(field.getLowerCaseName())) {
                return ApiError.of(400, "bad_request", "Method override headers are not supported: send the method"
                        + " itself");
            }
        }
        if (hasBody(request) && !isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            return ApiError.of(415, "unsupported_media_type", "The request body must be JSON: send Content-Type:"
                    + " application/json");
        }
        return null;
    }

    /** The request's host name in lower case without port, or "" when it names none. */
    static String hostOf(Request request) {
        String header = request.getHeaders().get(HttpHeader.HOST);
        String uriHost = request.getHttpURI().getHost();
        String host = header != null ? header : uriHost;
        if (host == null) {
            return "";
        }
        host = host.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? "" : host.substring(0, end + 1);
        } else {
            int colon = host.indexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        if (header != null && uriHost != null) {
            // An absolute request target names a host too: both must agree, or neither is trusted.
            String target = uriHost.toLowerCase(Locale.ROOT);
            String bracketed = target.contains(":") && !target.startsWith("[") ? "[" + target + "]" : target;
            if (!bracketed.equals(host)) {
                return "";
            }
        }
        return host;
    }

    private static boolean hasBody(Request request) {
        String method = request.getMethod();
        if (HttpMethod.POST.is(method) || HttpMethod.PUT.is(method) || HttpMethod.PATCH.is(method)) {
            return true;
        }
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")
                    && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }
}
