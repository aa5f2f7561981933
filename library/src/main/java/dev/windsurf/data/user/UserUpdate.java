package dev.windsurf.data.user;

import dev.windsurf.data.validation.EmailAddress;
import dev.windsurf.data.validation.Username;

/**
 * A partial update of a user's profile: a field that is null is left as it is, a field that is given replaces the
 * stored value. Both fields are required columns, so null can only mean "unchanged". Build one with
 * {@link #username(String)}, {@link #email(String)} and the {@code with…} methods, e.g.
 * {@code UserUpdate.email("new@example.com")}. Immutable and thread-safe.
 *
 * <p>The password, the flags and the organization have their own calls on {@link UserService} and on
 * {@code OrganizationService}.
 *
 * @param username the new user name (same rules as {@link UserCreate#username()}), or null to keep it
 * @param email    the new e-mail address (same rules as {@link UserCreate#email()}), or null to keep it
 */
public record UserUpdate(@Username String username, @EmailAddress String email) {

    /** {@return an update that changes nothing} */
    public static UserUpdate none() {
        return new UserUpdate(null, null);
    }

    /**
     * An update of the user name only.
     *
     * @param username the new user name
     * @return the update
     */
    public static UserUpdate username(String username) {
        return new UserUpdate(username, null);
    }

    /**
     * An update of the e-mail address only.
     *
     * @param email the new e-mail address
     * @return the update
     */
    public static UserUpdate email(String email) {
        return new UserUpdate(null, email);
    }

    /**
     * This update, also changing the user name.
     *
     * @param username the new user name
     * @return a new update; this one is unchanged
     */
    public UserUpdate withUsername(String username) {
        return new UserUpdate(username, email);
    }

    /**
     * This update, also changing the e-mail address.
     *
     * @param email the new e-mail address
     * @return a new update; this one is unchanged
     */
    public UserUpdate withEmail(String email) {
        return new UserUpdate(username, email);
    }

    /** {@return whether this update changes nothing} */
    public boolean isEmpty() {
        return username == null && email == null;
    }
}
