package dev.windsurf.data.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A stored password hash (an Argon2 string in PHC form), as the generated classes type the {@code password_hash}
 * column: {@link #toString()} is {@code ****}, so that a record, a POJO, a {@code Result}, its {@code formatJSON()},
 * {@code formatCSV()} or {@code intoMap()}, or a log line never shows the hash. {@link #reveal()} gives the text to
 * code that verifies passwords. Writing one to the database through the generated classes (DAO, record, DSL) refuses
 * any value that is not an Argon2 PHC string, so a plaintext password cannot be stored by mistake. Immutable and
 * thread-safe.
 */
public final class PasswordHash {

    private static final String MASK = "****";

    private final String phc;

    private PasswordHash(String phc) {
        this.phc = phc;
    }

    /**
     * Wraps a stored hash as read or as made by the hasher. The text is checked when it is written, not here, so that
     * a damaged row can still be read.
     *
     * @param phc the hash in the PHC string format, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$…}
     * @return the wrapped hash
     * @throws NullPointerException when {@code phc} is null
     */
    public static PasswordHash of(String phc) {
        return new PasswordHash(Objects.requireNonNull(phc, "phc cannot be null"));
    }

    /** {@return the hash itself, for verifying a password against it. Never log or return it} */
    public String reveal() {
        return phc;
    }

    /** Equal when the hashes are, compared in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash other && MessageDigest.isEqual(phc.getBytes(StandardCharsets.UTF_8),
                other.phc.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return phc.hashCode();
    }

    /** Always {@code ****}. */
    @Override
    public String toString() {
        return MASK;
    }
}
