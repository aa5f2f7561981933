package dev.windsurf.example.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of this API, a resource beside this class
 * ({@value #RESOURCE}) read once at start. Tests hold it against the registered routes and the real responses, so it
 * cannot drift from the code unnoticed. Thread-safe.
 */
final class OpenApiRoute {

    /** The path the document is served on. */
    static final String PATH = "/openapi.json";

    /** The document, as a class path resource relative to this class. */
    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    OpenApiRoute() {
        this.document = document();
    }

    /** The document's bytes, as served. */
    static byte[] document() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is missing from the class path"
                        + " beside " + OpenApiRoute.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document " + RESOURCE, e);
        }
    }

    void install(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }
}
