package dev.windsurf.example.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * JSON in and out. Reading a body turns every malformed or mistyped input into a {@link BadRequest} whose message
 * names the position or the field, never quoting the input itself.
 */
final class JsonBodies {

    static final ObjectMapper MAPPER = mapper();

    private static ObjectMapper mapper() {
        // Requests run on virtual threads, one per request: Jackson's default thread-local buffer recycling would
        // allocate fresh buffers (about 11 KB) for every response. A shared pool reuses them across threads.
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                        .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // A number or a boolean where text is expected is a client error, not text to validate.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    private JsonBodies() {
    }

    /** The request body as a {@code type}. */
    static <T> T read(Context ctx, Class<T> type) {
        byte[] body = bodyOf(ctx);
        if (body.length == 0) {
            throw new BadRequest("The request needs a JSON body");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new BadRequest("The request body must be a JSON object, not null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new BadRequest(describe(e));
        } catch (IOException e) {
            throw new BadRequest("The request body could not be read");
        }
    }

    /**
     * The raw body. A body cut short, with broken chunking or sent too slowly is the client's failure: a 400, never a
     * 500 with a stack trace. Too large stays a 413.
     */
    private static byte[] bodyOf(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e;
        } catch (Exception e) {
            // Javalin rethrows Jetty's checked I/O failures undeclared, so catch them broadly here.
            throw new BadRequest("The request body could not be read: it was cut short, malformed or too slow");
        }
    }

    /** The request body as a tree, for partial updates that tell a missing field from a null one. */
    static JsonNode readObject(Context ctx) {
        JsonNode node = read(ctx, JsonNode.class);
        if (!node.isObject()) {
            throw new BadRequest("The request body must be a JSON object");
        }
        return node;
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return "Field '" + path(mismatch) + "' has the wrong type";
        }
        if (e instanceof MismatchedInputException) {
            return "The request body has the wrong shape: a JSON object is expected";
        }
        if (e instanceof JsonParseException && e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
            // Jackson has no type or code for a duplicate key; its message starts with its own fixed words.
            return "A field appears twice"
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : "");
        }
        if (e instanceof JsonParseException && e.getLocation() != null) {
            return "Malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        return "Malformed JSON";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** A 400: the request is not well-formed JSON of the expected shape. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
