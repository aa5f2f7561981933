package dev.windsurf.example.http;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served OpenAPI document, read as JSON, with what the contract tests ask of it: its operations, the response an
 * operation documents for a status, and JSON Schema (2020-12, the dialect of OpenAPI 3.1) validation of a value
 * against a schema of the document, {@code $ref}s into its components included.
 */
final class OpenApiDocument {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final JsonNode root;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> compiled = new LinkedHashMap<>();

    OpenApiDocument(byte[] document) {
        this.root = JSON.readTree(new String(document, StandardCharsets.UTF_8));
    }

    static OpenApiDocument served() {
        return new OpenApiDocument(OpenApiRoute.document());
    }

    JsonNode root() {
        return root;
    }

    /** Every operation as method and path, {@code GET /users/{id}}, in the router's spelling. */
    TreeSet<String> operations() {
        TreeSet<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /** The documented operation ({@code GET /users/{id}}) that a request to a concrete path is answered by. */
    Optional<String> operationFor(String method, String concretePath) {
        String best = null;
        for (String operation : operations()) {
            String[] parts = operation.split(" ", 2);
            if (!parts[0].equals(method)) {
                continue;
            }
            String regex = Pattern.quote(parts[1]).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (concretePath.matches(regex) && (best == null || !parts[1].contains("{"))) {
                best = operation;
            }
        }
        return Optional.ofNullable(best);
    }

    JsonNode operation(String operation) {
        String[] parts = operation.split(" ", 2);
        return root.get("paths").get(parts[1]).get(parts[0].toLowerCase());
    }

    /** The response an operation documents for a status, its {@code $ref} followed; empty when not documented. */
    Optional<JsonNode> response(String operation, int status) {
        JsonNode response = operation(operation).get("responses").get(Integer.toString(status));
        return Optional.ofNullable(response).map(this::resolve);
    }

    /** Follows a {@code $ref} into this document; any other node is returned as it is. */
    JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("Only local references are supported: " + ref);
            }
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("Dangling reference " + ref);
            }
            node = target;
        }
        return node;
    }

    /**
     * What is wrong with {@code value} as an instance of {@code schema} (a schema of this document): one line per
     * error, empty when it conforms.
     */
    List<String> errors(JsonNode schema, JsonNode value) {
        Schema validator = compiled.computeIfAbsent(schema.toString(), key -> {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapper.putArray("allOf").add(schema);
            // Local references (#/components/schemas/…) resolve against this wrapper, so it carries the components.
            wrapper.set("components", root.get("components"));
            return registry.getSchema(wrapper);
        });
        List<String> errors = new ArrayList<>();
        for (Error error : validator.validate(value)) {
            errors.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return errors;
    }

    /** Every example in the document with the schema it must satisfy, by where it is ({@code paths./users.post…}). */
    Map<String, JsonNode[]> examples() {
        Map<String, JsonNode[]> examples = new LinkedHashMap<>();
        collect("", root, examples);
        return examples;
    }

    private void collect(String where, JsonNode node, Map<String, JsonNode[]> into) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    collect(where + "[" + i + "]", node.get(i), into);
                }
            }
            return;
        }
        JsonNode schema = node.get("schema");
        if (schema != null && node.has("examples") && node.get("examples").isObject()) {
            for (Map.Entry<String, JsonNode> example : node.get("examples").properties()) {
                JsonNode value = resolve(example.getValue()).get("value");
                into.put(where + ".examples." + example.getKey(), new JsonNode[] {schema, value});
            }
        }
        if (schema != null && node.has("example")) {
            into.put(where + ".example", new JsonNode[] {schema, node.get("example")});
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> child = it.next();
            if (!child.getKey().equals("examples") && !child.getKey().equals("example")) {
                collect(where + "." + child.getKey(), child.getValue(), into);
            }
        }
    }
}
