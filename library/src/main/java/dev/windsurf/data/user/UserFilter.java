package dev.windsurf.data.user;

import dev.windsurf.data.validation.EntityId;

/**
 * Which users {@link UserService#list} returns: every field that is null matches every user. Immutable and
 * thread-safe.
 *
 * @param active         only active (true) or only inactive (false) users, or null for both
 * @param organizationId only the members of this organization, or null for any
 */
public record UserFilter(Boolean active, @EntityId String organizationId) {

    /** Every user. */
    public static UserFilter all() {
        return new UserFilter(null, null);
    }

    /** Only active (true) or only inactive (false) users. */
    public static UserFilter active(boolean active) {
        return new UserFilter(active, null);
    }

    /** Only the members of one organization. */
    public static UserFilter organization(String organizationId) {
        return new UserFilter(null, organizationId);
    }

    /** This filter, also requiring membership of an organization. */
    public UserFilter withOrganization(String organizationId) {
        return new UserFilter(active, organizationId);
    }

    /** This filter, also requiring active (true) or inactive (false) users. */
    public UserFilter withActive(Boolean active) {
        return new UserFilter(active, organizationId);
    }
}
