package dev.windsurf.data.internal.password;

import dev.windsurf.data.user.PasswordHash;
import java.util.regex.Pattern;
import org.jooq.impl.AbstractConverter;

/**
 * Reads password hash columns as {@link PasswordHash} (masked when printed) and writes only Argon2 PHC strings:
 * storing anything else through the generated classes, a plaintext password above all, fails before it reaches the
 * database, with a message that never contains the value. The codegen applies it to columns named like
 * {@code *password*}. Stateless and thread-safe.
 */
public final class PasswordHashConverter extends AbstractConverter<String, PasswordHash> {

    private static final long serialVersionUID = 1L;

    /** {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash} (the version part optional), unpadded standard Base64. */
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2(?:id|i|d)(?:\\$v=[0-9]{1,3})?\\$m=[0-9]{1,10},t=[0-9]{1,10},p=[0-9]{1,3}"
                    + "\\$[A-Za-z0-9+/]{11,88}\\$[A-Za-z0-9+/]{22,172}");

    public PasswordHashConverter() {
        super(String.class, PasswordHash.class);
    }

    @Override
    public PasswordHash from(String stored) {
        return stored == null ? null : PasswordHash.of(stored);
    }

    @Override
    public String to(PasswordHash hash) {
        if (hash == null) {
            return null;
        }
        String text = hash.reveal();
        if (!PHC.matcher(text).matches()) {
            throw new IllegalArgumentException("Refusing to store a password column value that is not an Argon2 hash"
                    + " in PHC form: hash the password first (UserService does), never store it as given");
        }
        return text;
    }
}
