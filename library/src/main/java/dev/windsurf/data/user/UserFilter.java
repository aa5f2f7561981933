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

    /** {@return a filter that lets every user through} */
    public static UserFilter all() {
        return new UserFilter(null, null);
    }

    /**
     * Only active (true) or only inactive (false) users.
     *
     * @param active true for active users, false for inactive ones
     * @return the filter
     */
    public static UserFilter active(boolean active) {
        return new UserFilter(active, null);
    }

    /**
     * Only the members of one organization.
     *
     * @param organizationId the organization's id, a lowercase UUID
     * @return the filter
     */
    public static UserFilter organization(String organizationId) {
        return new UserFilter(null, organizationId);
    }

    /**
     * This filter, also requiring membership of an organization.
     *
     * @param organizationId the organization's id, a lowercase UUID
     * @return a new filter; this one is unchanged
     */
    public UserFilter withOrganization(String organizationId) {
        return new UserFilter(active, organizationId);
    }

    /**
     * This filter, also requiring active (true) or inactive (false) users.
     *
     * @param active true for active users, false for inactive ones, null for both
     * @return a new filter; this one is unchanged
     */
    public UserFilter withActive(Boolean active) {
        return new UserFilter(active, organizationId);
    }
}
