package dev.windsurf.data.user;

import dev.windsurf.data.Database;
import dev.windsurf.data.internal.password.PasswordHasher;

/**
 * A {@link UserService} that stores one precomputed Argon2id hash instead of hashing each password, so that a
 * benchmark of {@link UserService#create} measures the data layer, as its raw-JDBC and jOOQ counterparts (which store
 * the same string) do. Argon2id itself is measured on its own.
 */
public final class UnhashedUsers {

    private UnhashedUsers() {
    }

    /** A user service whose {@code create} stores {@code storedHash} for every password. */
    public static UserService withPrecomputedHash(Database db, String storedHash) {
        return new UserService(db, new PasswordHasher(PasswordHasher.OWASP_MEMORY_KIB, PasswordHasher.OWASP_ITERATIONS,
                PasswordHasher.OWASP_PARALLELISM) {
            @Override
            public String hash(String password) {
                return storedHash;
            }
        });
    }
}
