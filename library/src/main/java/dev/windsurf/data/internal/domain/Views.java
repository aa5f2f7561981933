package dev.windsurf.data.internal.domain;

import dev.windsurf.data.organization.OrganizationView;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.schema.tables.records.OrganizationsRecord;
import dev.windsurf.data.schema.tables.records.ProjectsRecord;
import dev.windsurf.data.schema.tables.records.UsersRecord;
import dev.windsurf.data.user.UserView;

/** Turns generated records into the public views; the password hash stays behind. Stateless and thread-safe. */
public final class Views {

    private Views() {
    }

    public static UserView user(UsersRecord r) {
        return new UserView(r.getId(), r.getUsername(), r.getEmail(), r.getIsActive(), r.getIsAdmin(),
                r.getOrganizationId(), r.getCreatedAt(), r.getUpdatedAt());
    }

    public static OrganizationView organization(OrganizationsRecord r) {
        return new OrganizationView(r.getId(), r.getName(), r.getCreatedAt(), r.getUpdatedAt());
    }

    public static ProjectView project(ProjectsRecord r) {
        return new ProjectView(r.getId(), r.getName(), r.getDescription(), r.getOwnerId(), r.getOrganizationId(),
                r.getCreatedAt(), r.getUpdatedAt());
    }
}
