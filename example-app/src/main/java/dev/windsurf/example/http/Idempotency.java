package dev.windsurf.example.http;

import static dev.windsurf.example.schema.Tables.IDEMPOTENCY_KEYS;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.windsurf.data.Database;
import dev.windsurf.data.ValidationException;
import dev.windsurf.example.schema.tables.records.IdempotencyKeysRecord;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for the POSTs that create something: the first successful response to a key is stored with
 * the key in the same transaction as the change itself, and a retry with the same key and the same request gets that
 * response again ({@code Idempotent-Replayed: true}) instead of a 409 or a second row, even when the first response was
 * lost on its way. The same key with another request is refused (422 {@code idempotency_key_reused}). Failures are
 * not stored: a retry after one runs again. Keys expire after {@link #TTL}; expired keys are removed as new ones are
 * stored. Without the header nothing changes.
 *
 * <p>Concurrent requests with one key are serialised by the key's primary key: on PostgreSQL the second insert waits
 * for the first transaction and then fails, and the request is answered from the stored response; on SQLite the
 * single writer runs them one after the other. Thread-safe.
 */
final class Idempotency {

    /** The request header. */
    static final String HEADER = "Idempotency-Key";

    /** The response header on a replayed response. */
    static final String REPLAYED = "Idempotent-Replayed";

    /** How long a key is remembered. */
    static final Duration TTL = Duration.ofHours(24);

    private final Database db;
    private final Clock clock;

    Idempotency(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Runs {@code action} (which must make its change through {@code db}, so that it joins this transaction) and
     * answers with {@code status} and its result as JSON; or, for a key seen before, answers what was stored.
     */
    void handle(Context ctx, int status, Supplier<Object> action) {
        String key = ctx.header(HEADER);
        if (key == null) {
            ctx.status(status).json(action.get());
            return;
        }
        requireWellFormed(key);
        String method = ctx.method().name();
        String path = ctx.path();
        String hash = hash(method, path, ctx.bodyAsBytes());
        Stored stored;
        try {
            stored = db.write(tx -> {
                Instant now = clock.instant();
                IdempotencyKeysRecord seen = tx.selectFrom(IDEMPOTENCY_KEYS)
                        .where(IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(key), IDEMPOTENCY_KEYS.METHOD.eq(method),
                                IDEMPOTENCY_KEYS.PATH.eq(path))
                        .fetchOne();
                if (seen != null && seen.getExpiresAt().isAfter(now)) {
                    return replay(seen, hash);
                }
                tx.deleteFrom(IDEMPOTENCY_KEYS).where(IDEMPOTENCY_KEYS.EXPIRES_AT.le(now)).execute();
                String body = json(action.get());
                tx.insertInto(IDEMPOTENCY_KEYS)
                        .set(IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY, key)
                        .set(IDEMPOTENCY_KEYS.METHOD, method)
                        .set(IDEMPOTENCY_KEYS.PATH, path)
                        .set(IDEMPOTENCY_KEYS.REQUEST_HASH, hash)
                        .set(IDEMPOTENCY_KEYS.STATUS, status)
                        .set(IDEMPOTENCY_KEYS.RESPONSE_BODY, body)
                        .set(IDEMPOTENCY_KEYS.CREATED_AT, now)
                        .set(IDEMPOTENCY_KEYS.EXPIRES_AT, now.plus(TTL))
                        .execute();
                return new Stored(status, body, false);
            });
        } catch (dev.windsurf.data.ConflictException e) {
            // Another request with this key committed first (PostgreSQL): answer what it stored.
            IdempotencyKeysRecord seen = db.readFromPrimary(tx -> tx.selectFrom(IDEMPOTENCY_KEYS)
                    .where(IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(key), IDEMPOTENCY_KEYS.METHOD.eq(method),
                            IDEMPOTENCY_KEYS.PATH.eq(path))
                    .fetchOne());
            if (seen == null) {
                throw e;
            }
            stored = replay(seen, hash);
        }
        if (stored.replayed()) {
            ctx.header(REPLAYED, "true");
        }
        ctx.status(stored.status()).contentType("application/json").result(stored.body());
    }

    private static Stored replay(IdempotencyKeysRecord seen, String hash) {
        if (!seen.getRequestHash().equals(hash)) {
            throw new KeyReused();
        }
        return new Stored(seen.getStatus(), seen.getResponseBody(), true);
    }

    private static void requireWellFormed(String key) {
        boolean ok = !key.isEmpty() && key.length() <= 255;
        for (int i = 0; ok && i < key.length(); i++) {
            char c = key.charAt(i);
            ok = c > 0x20 && c < 0x7f;
        }
        if (!ok) {
            throw new ValidationException(List.of(new ValidationException.Violation(HEADER,
                    "must be 1 to 255 visible ASCII characters")));
        }
    }

    private static String json(Object value) {
        try {
            return JsonBodies.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the response as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String hash(String method, String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + "\n" + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(int status, String body, boolean replayed) {
    }

    /** The key was used before with another request: a 422. */
    static final class KeyReused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyReused() {
            super("This Idempotency-Key was used with a different request: use a new key for a new request", null,
                    false, false);
        }
    }
}
