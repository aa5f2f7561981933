/**
 * Organizations of the WindSurf domain and their members: {@link dev.windsurf.data.organization.OrganizationService}
 * creates, renames and deletes them and manages membership, returning
 * {@link dev.windsurf.data.organization.OrganizationView} and the members' {@code UserView}.
 */
package dev.windsurf.data.organization;
