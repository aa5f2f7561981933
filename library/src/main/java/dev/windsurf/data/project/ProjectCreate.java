package dev.windsurf.data.project;

import dev.windsurf.data.validation.Description;
import dev.windsurf.data.validation.EntityId;
import dev.windsurf.data.validation.Name;
import jakarta.validation.constraints.NotNull;

/**
 * What it takes to create a project. {@link ProjectService#create} validates every field before any database work
 * and reports every violation at once. Build one with {@link #of(String, String)} and the {@code with…} methods.
 * Immutable and thread-safe.
 *
 * @param ownerId        the user who will own it; must exist
 * @param name           1 to 100 characters (code points), no control characters, no whitespace at either end;
 *                       unique among the owner's projects
 * @param description    at most 2,000 characters (code points), line breaks and tabs allowed; or null
 * @param organizationId the organization it belongs to, or null; the owner must be a member of it
 */
public record ProjectCreate(
        @NotNull(message = "must not be null") @EntityId String ownerId,
        @NotNull(message = "must not be null") @Name String name,
        @Description String description,
        @EntityId String organizationId) {

    /**
     * A project with a name, owned by a user, with no description and no organization.
     *
     * @param ownerId the id of the user who will own it; must exist
     * @param name    1 to 100 characters (code points), no control characters, no whitespace at either end
     * @return the project to create
     */
    public static ProjectCreate of(String ownerId, String name) {
        return new ProjectCreate(ownerId, name, null, null);
    }

    /**
     * This project, with a description.
     *
     * @param description at most 2,000 characters (code points), line breaks and tabs allowed; or null for none
     * @return a new value; this one is unchanged
     */
    public ProjectCreate withDescription(String description) {
        return new ProjectCreate(ownerId, name, description, organizationId);
    }

    /**
     * This project, inside an organization the owner is a member of.
     *
     * @param organizationId the organization's id; the owner must be a member of it
     * @return a new value; this one is unchanged
     */
    public ProjectCreate inOrganization(String organizationId) {
        return new ProjectCreate(ownerId, name, description, organizationId);
    }
}
