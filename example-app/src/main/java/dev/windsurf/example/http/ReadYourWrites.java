package dev.windsurf.example.http;

import dev.windsurf.data.CommitPosition;
import dev.windsurf.data.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Lets a client read its own writes when reads go to a lagging read replica. After a request that wrote, the response
 * carries {@value #HEADER} with the write's commit position; a request that sends that header back reads at least up
 * to it (the replica serves it once it has replayed that far, else the primary). Without a read replica the header is
 * never sent and has no effect. Thread-safe.
 */
final class ReadYourWrites {

    /** The response header with the last write's position, and the request header that asks to read it. */
    static final String HEADER = "Windsurf-Commit-Position";

    private static final String SCOPE = "windsurf.consistency.scope";
    private static final String BEFORE = "windsurf.consistency.before";

    private final Database db;

    ReadYourWrites(Database db) {
        this.db = db;
    }

    void install(RoutesConfig routes) {
        routes.beforeMatched(this::start);
        routes.afterMatched(this::end);
    }

    private void start(Context ctx) {
        ctx.attribute(BEFORE, db.lastCommitPosition().orElse(null));
        String asked = ctx.header(HEADER);
        if (asked == null || asked.isBlank()) {
            return;
        }
        CommitPosition position;
        try {
            position = CommitPosition.parse(asked.trim());
        } catch (IllegalArgumentException e) {
            throw new JsonBodies.BadRequest("Header " + HEADER + " must be a commit position such as 16/B374D848, "
                    + "as a previous response sent it");
        }
        ctx.attribute(SCOPE, db.readingAtLeast(position));
    }

    private void end(Context ctx) {
        Database.ConsistencyScope scope = ctx.attribute(SCOPE);
        if (scope != null) {
            scope.close();
        }
        CommitPosition before = ctx.attribute(BEFORE);
        Optional<CommitPosition> after = db.lastCommitPosition();
        if (after.isPresent() && (before == null || after.get().compareTo(before) > 0)) {
            ctx.header(HEADER, after.get().toString());
        }
    }
}
