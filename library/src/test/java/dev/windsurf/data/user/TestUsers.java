package dev.windsurf.data.user;

import dev.windsurf.data.Database;
import dev.windsurf.data.internal.password.PasswordHasher;

/**
 * User services for tests of other packages. Argon2id with OWASP parameters takes tens of milliseconds per hash;
 * tests that are not about hashing use cheap parameters (an instance-scoped choice, the same code path).
 */
public final class TestUsers {

    /** Cheap Argon2id parameters: 64 KiB, 1 iteration. */
    public static final PasswordHasher CHEAP = new PasswordHasher(64, 1, 1);

    private TestUsers() {
    }

    /** A user service hashing with {@link #CHEAP} parameters. */
    public static UserService cheap(Database db) {
        return new UserService(db, CHEAP);
    }

    /** A user service hashing with the given parameters. */
    public static UserService hashingWith(Database db, PasswordHasher hasher) {
        return new UserService(db, hasher);
    }
}
