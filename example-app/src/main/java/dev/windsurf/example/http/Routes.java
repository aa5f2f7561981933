package dev.windsurf.example.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.windsurf.data.Database;
import dev.windsurf.data.Health;
import dev.windsurf.data.ModeState;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.organization.OrganizationService;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.project.ProjectUpdate;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserFilter;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserUpdate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTTP routes over the services. Stateless apart from the services; thread-safe. */
final class Routes {

    /** The longest read-only reason accepted, in characters. */
    static final int MAX_REASON_LENGTH = 200;

    private final Database db;
    private final UserService users;
    private final OrganizationService organizations;
    private final ProjectService projects;
    private final Idempotency idempotency;

    Routes(Database db) {
        this.db = db;
        this.users = new UserService(db);
        this.organizations = new OrganizationService(db);
        this.projects = new ProjectService(db);
        this.idempotency = new Idempotency(db, db.config().clock());
    }

    void install(RoutesConfig routes, String adminToken) {
        routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
        routes.get("/ready", ctx -> ready(ctx, false));
        routes.get("/ready/writes", ctx -> ready(ctx, true));

        routes.post("/users", ctx -> idempotency.handle(ctx, 201,
                () -> users.create(JsonBodies.read(ctx, UserCreate.class))));
        routes.get("/users", ctx -> ctx.json(users.list(userFilter(ctx), page(ctx))));
        routes.get("/users/{id}", ctx -> ctx.json(users.get(ctx.pathParam("id"))));
        routes.patch("/users/{id}", ctx -> ctx.json(users.update(ctx.pathParam("id"),
                JsonBodies.read(ctx, UserUpdate.class))));
        routes.delete("/users/{id}", ctx -> {
            users.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.get("/users/{id}/projects", ctx -> ctx.json(projects.listByOwner(ctx.pathParam("id"), page(ctx))));

        routes.post("/organizations", ctx -> idempotency.handle(ctx, 201,
                () -> organizations.create(JsonBodies.read(ctx, NameBody.class).name())));
        routes.get("/organizations/{id}", ctx -> ctx.json(organizations.get(ctx.pathParam("id"))));
        routes.patch("/organizations/{id}", ctx -> ctx.json(organizations.rename(ctx.pathParam("id"),
                JsonBodies.read(ctx, NameBody.class).name())));
        routes.delete("/organizations/{id}", ctx -> {
            organizations.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.get("/organizations/{id}/members", ctx -> ctx.json(organizations.listMembers(ctx.pathParam("id"),
                page(ctx))));
        routes.post("/organizations/{id}/members", ctx -> ctx.status(201).json(organizations.addMember(
                ctx.pathParam("id"), JsonBodies.read(ctx, MemberBody.class).userId())));
        routes.delete("/organizations/{id}/members/{userId}", ctx -> {
            organizations.removeMember(ctx.pathParam("id"), ctx.pathParam("userId"));
            ctx.status(204);
        });
        routes.get("/organizations/{id}/projects", ctx -> ctx.json(projects.listByOrganization(ctx.pathParam("id"),
                page(ctx))));

        routes.post("/projects", ctx -> idempotency.handle(ctx, 201,
                () -> projects.create(JsonBodies.read(ctx, ProjectCreate.class))));
        routes.get("/projects/{id}", ctx -> ctx.json(projects.get(ctx.pathParam("id"))));
        routes.patch("/projects/{id}", this::patchProject);
        routes.delete("/projects/{id}", ctx -> {
            projects.delete(ctx.pathParam("id"));
            ctx.status(204);
        });

        if (adminToken != null) {
            byte[] expected = sha256(adminToken);
            routes.post("/admin/read-only", ctx -> {
                requireToken(ctx, expected);
                ReadOnlyBody body = JsonBodies.read(ctx, ReadOnlyBody.class);
                if (body.enabled() == null) {
                    throw new ValidationException(List.of(new ValidationException.Violation("enabled",
                            "must be true or false")));
                }
                if (body.enabled()) {
                    if (body.reason() == null || body.reason().isBlank()) {
                        throw new ValidationException(List.of(new ValidationException.Violation("reason",
                                "must not be blank when enabling read-only mode")));
                    }
                    if (!isPlainReason(body.reason())) {
                        // It is logged and echoed in every public 503 and /ready: no forged log lines, no 60 KB.
                        throw new ValidationException(List.of(new ValidationException.Violation("reason",
                                "must be at most " + MAX_REASON_LENGTH + " characters without control characters "
                                        + "or line breaks")));
                    }
                    db.readOnly().enter(body.reason());
                } else {
                    db.readOnly().exit();
                }
                ctx.json(mode(db.readOnly().state()));
            });
        }
    }

    /**
     * Readiness: {@code /ready} answers 200 while reads can be served (by the read replica even while the primary is
     * down), {@code /ready/writes} only while writes can be; both bodies say which of the two work.
     */
    private void ready(Context ctx, boolean writes) {
        Health health = db.health();
        boolean ready = writes ? health.writesUp() : health.readsUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "unavailable");
        body.put("reads", health.readsUp() ? "ready" : "unavailable");
        body.put("writes", health.writesUp() ? "ready" : health.up() ? "read_only" : "unavailable");
        body.putAll(mode(health.mode()));
        body.put("engine", health.engine().name());
        body.put("fallbackActive", health.fallbackActive());
        if (health.readReplicaConfigured()) {
            body.put("readReplicaInUse", health.readReplicaInUse());
        }
        body.put("schemaVersion", health.schemaVersion());
        body.put("codeSchemaVersion", health.codeSchemaVersion());
        body.put("migrationSets", health.migrationSets().stream().map(set -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("set", set.set());
            one.put("version", set.version());
            one.put("codeVersion", set.codeVersion());
            one.put("current", set.current());
            return one;
        }).toList());
        ctx.status(ready ? 200 : 503).json(body);
    }

    private static Map<String, Object> mode(ModeState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", state.mode().name());
        body.put("reason", state.reason());
        body.put("since", state.since().toString());
        body.put("automatic", state.automatic());
        return body;
    }

    private void patchProject(Context ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = JsonBodies.readObject(ctx);
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!List.of("name", "description", "ownerId").contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new JsonBodies.BadRequest("Unknown field '" + unknown.getFirst() + "'");
        }
        String name = text(body, "name", false);
        String description = text(body, "description", true);
        String ownerId = text(body, "ownerId", false);
        ProjectUpdate update = ProjectUpdate.none().withName(name).withOwner(ownerId);
        if (body.has("description")) {
            update = update.withDescription(description);
        }
        ctx.json(projects.update(id, update));
    }

    private static String text(JsonNode body, String field, boolean nullable) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() && nullable) {
            return null;
        }
        if (!value.isTextual()) {
            throw new JsonBodies.BadRequest("Field '" + field + "' has the wrong type");
        }
        return value.textValue();
    }

    private static PageRequest page(Context ctx) {
        String limit = ctx.queryParam("limit");
        int size = PageRequest.DEFAULT_LIMIT;
        if (limit != null) {
            // ASCII digits only: Integer.parseInt also takes a sign and digits of other scripts.
            if (!limit.matches("[0-9]{1,9}")) {
                throw new ValidationException(List.of(new ValidationException.Violation("limit",
                        "must be a whole number between 1 and " + PageRequest.MAX_LIMIT)));
            }
            size = Integer.parseInt(limit);
        }
        return new PageRequest(ctx.queryParam("cursor"), size);
    }

    private static UserFilter userFilter(Context ctx) {
        String active = ctx.queryParam("active");
        Boolean flag = null;
        if (active != null) {
            if (!active.equals("true") && !active.equals("false")) {
                throw new ValidationException(List.of(new ValidationException.Violation("active",
                        "must be true or false")));
            }
            flag = Boolean.valueOf(active);
        }
        return new UserFilter(flag, ctx.queryParam("organizationId"));
    }

    static boolean isPlainReason(String reason) {
        if (reason.codePointCount(0, reason.length()) > MAX_REASON_LENGTH) {
            return false;
        }
        return reason.codePoints().noneMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        });
    }

    static void requireToken(Context ctx, byte[] expected) {
        String header = ctx.header("Authorization");
        // The scheme is case-insensitive (RFC 9110, section 11.1); the token is compared exactly.
        String given = header != null && header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7) : "";
        // Compare digests, so that the time taken says nothing about the token's length or content.
        if (!MessageDigest.isEqual(sha256(given), expected)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new Unauthorized();
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record NameBody(String name) {
    }

    record MemberBody(String userId) {
    }

    record ReadOnlyBody(Boolean enabled, String reason) {
    }

    /** A 401. */
    static final class Unauthorized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unauthorized() {
            super("A valid bearer token is required", null, false, false);
        }
    }
}
