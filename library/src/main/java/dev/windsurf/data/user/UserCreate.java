package dev.windsurf.data.user;

import dev.windsurf.data.validation.EmailAddress;
import dev.windsurf.data.validation.Password;
import dev.windsurf.data.validation.Username;
import jakarta.validation.constraints.NotNull;

/**
 * What it takes to create a user. {@link UserService#create} validates every field before any database work and
 * reports every violation at once; the record itself accepts anything, so that it can carry a caller's raw input.
 * {@link #toString()} never shows the password. Immutable and thread-safe.
 *
 * @param username 3 to 32 characters of {@code a-z 0-9 _ . -}; unique
 * @param email    a well-formed ASCII e-mail address of at most 254 characters, stored as given; unique regardless of
 *                 the case of its letters
 * @param password 12 to 128 characters (code points); only its Argon2id hash is stored
 */
public record UserCreate(
        @NotNull(message = "must not be null") @Username String username,
        @NotNull(message = "must not be null") @EmailAddress String email,
        @NotNull(message = "must not be null") @Password String password) {

    @Override
    public String toString() {
        return "UserCreate[username=" + username + ", email=" + email + ", password=****]";
    }
}
