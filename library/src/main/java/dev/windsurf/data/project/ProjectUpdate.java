package dev.windsurf.data.project;

import dev.windsurf.data.validation.Description;
import dev.windsurf.data.validation.EntityId;
import dev.windsurf.data.validation.Name;

/**
 * A partial update of a project, applied in one transaction by {@link ProjectService#update}: a field left out keeps
 * its value. The description can also be removed, so whether it is part of the update is a flag of its own. Build
 * one with {@link #none()} and the {@code with…} methods, e.g.
 * {@code ProjectUpdate.none().withName("Apollo 11").withoutDescription()}. Immutable and thread-safe.
 *
 * @param name                the new name (1 to 100 characters), or null to keep it
 * @param description         the new description (at most 2,000 characters), or null to remove it; used only when
 *                            {@code changesDescription} is true
 * @param changesDescription  whether the update replaces (or removes) the description
 * @param ownerId             the id of the new owner, or null to keep the owner
 */
public record ProjectUpdate(@Name String name, @Description String description, boolean changesDescription,
                            @EntityId String ownerId) {

    /** {@return an update that changes nothing} */
    public static ProjectUpdate none() {
        return new ProjectUpdate(null, null, false, null);
    }

    /**
     * This update, also renaming the project.
     *
     * @param name the new name (1 to 100 characters)
     * @return a new update; this one is unchanged
     */
    public ProjectUpdate withName(String name) {
        return new ProjectUpdate(name, description, changesDescription, ownerId);
    }

    /**
     * This update, also replacing the description (null removes it).
     *
     * @param description the new description (at most 2,000 characters), or null to remove it
     * @return a new update; this one is unchanged
     */
    public ProjectUpdate withDescription(String description) {
        return new ProjectUpdate(name, description, true, ownerId);
    }

    /** {@return this update, also removing the description} */
    public ProjectUpdate withoutDescription() {
        return new ProjectUpdate(name, null, true, ownerId);
    }

    /**
     * This update, also giving the project to another owner.
     *
     * @param ownerId the new owner's user id
     * @return a new update; this one is unchanged
     */
    public ProjectUpdate withOwner(String ownerId) {
        return new ProjectUpdate(name, description, changesDescription, ownerId);
    }
}
