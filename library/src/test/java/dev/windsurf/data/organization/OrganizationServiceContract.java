package dev.windsurf.data.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.MissingReferenceException;
import dev.windsurf.data.NotFoundException;
import dev.windsurf.data.Page;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.ValidationException.Violation;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.testsupport.DomainFixture;
import dev.windsurf.data.user.UserView;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link OrganizationService} does on every engine. One subclass per engine. */
abstract class OrganizationServiceContract extends DomainFixture {

    private static final String NOT_THERE = "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091";

    @Test
    void shouldCreateAndGetAnOrganization() {
        String name = unique("Acme");

        OrganizationView acme = organizations.create(name);

        assertThat(acme.name()).isEqualTo(name);
        assertThat(acme.id()).hasSize(36);
        assertThat(acme.createdAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(acme.updatedAt()).isEqualTo(acme.createdAt());
        assertThat(organizations.get(acme.id())).isEqualTo(acme);
    }

    @Test
    void shouldRefuseADuplicateNameButCompareNamesExactly() {
        String name = unique("Globex");
        organizations.create(name);

        assertThatThrownBy(() -> organizations.create(name)).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.field()).isEqualTo("name");
            assertThat(e.constraint()).isEqualTo("uq_organizations_name");
        });
        assertThat(organizations.create(name.toUpperCase()).name()).isEqualTo(name.toUpperCase());
    }

    @Test
    void shouldRenameMovingUpdatedAtAndDoNothingForTheSameName() {
        OrganizationView org = newOrganization();
        Instant later = clock.advance(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        String name = unique("Renamed");

        OrganizationView renamed = organizations.rename(org.id(), name);

        assertThat(renamed.name()).isEqualTo(name);
        assertThat(renamed.updatedAt()).isEqualTo(later);
        assertThat(renamed.createdAt()).isEqualTo(org.createdAt());
        clock.advance(Duration.ofHours(1));
        assertThat(organizations.rename(org.id(), name)).isEqualTo(renamed);
        assertThat(organizations.get(org.id())).isEqualTo(renamed);
    }

    @Test
    void shouldRefuseARenameToTheNameOfAnotherOrganization() {
        OrganizationView first = newOrganization();
        OrganizationView second = newOrganization();

        assertThatThrownBy(() -> organizations.rename(second.id(), first.name()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void shouldRaiseNotFoundForEveryCallOnAMissingOrganization() {
        UserView user = newUser();
        List<Runnable> calls = List.of(
                () -> organizations.get(NOT_THERE),
                () -> organizations.rename(NOT_THERE, "x"),
                () -> organizations.delete(NOT_THERE),
                () -> organizations.addMember(NOT_THERE, user.id()),
                () -> organizations.removeMember(NOT_THERE, user.id()),
                () -> organizations.listMembers(NOT_THERE, PageRequest.first()));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(NotFoundException.class, e -> {
                assertThat(e.entity()).isEqualTo("organization");
                assertThat(e.id()).isEqualTo(NOT_THERE);
            });
        }
    }

    @Test
    void shouldKeepMembersAndProjectsWithoutAnOrganizationWhenItIsDeleted() {
        OrganizationView org = newOrganization();
        UserView member = organizations.addMember(org.id(), newUser().id());
        ProjectView project = projects.create(ProjectCreate.of(member.id(), unique("P")).inOrganization(org.id()));
        UserView outsider = newUser();
        clock.advance(Duration.ofSeconds(5));
        Instant deletedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);

        organizations.delete(org.id());

        assertThatThrownBy(() -> organizations.get(org.id())).isInstanceOf(NotFoundException.class);
        UserView detached = users.get(member.id());
        assertThat(detached.organizationId()).isNull();
        assertThat(detached.updatedAt()).isEqualTo(deletedAt);
        ProjectView kept = projects.get(project.id());
        assertThat(kept.organizationId()).isNull();
        assertThat(kept.ownerId()).isEqualTo(member.id());
        assertThat(kept.updatedAt()).isEqualTo(deletedAt);
        assertThat(users.get(outsider.id()).updatedAt()).isEqualTo(outsider.updatedAt());
    }

    @Test
    void shouldAddAMemberOnceAndMoveTheirUpdatedAt() {
        OrganizationView org = newOrganization();
        UserView user = newUser();
        clock.advance(Duration.ofSeconds(3));

        UserView member = organizations.addMember(org.id(), user.id());

        assertThat(member.organizationId()).isEqualTo(org.id());
        assertThat(member.updatedAt()).isAfter(user.updatedAt());
        assertThat(organizations.addMember(org.id(), user.id())).isEqualTo(member);
        assertThat(users.get(user.id())).isEqualTo(member);
    }

    @Test
    void shouldRefuseToAddAMemberOfAnotherOrganization() {
        OrganizationView first = newOrganization();
        OrganizationView second = newOrganization();
        UserView user = organizations.addMember(first.id(), newUser().id());

        assertThatThrownBy(() -> organizations.addMember(second.id(), user.id()))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("userId");
                    assertThat(e.getMessage()).contains(first.id()).contains("remove them from it");
                });
        assertThat(users.get(user.id()).organizationId()).isEqualTo(first.id());
    }

    @Test
    void shouldRaiseAMissingReferenceForAMemberWhoDoesNotExist() {
        OrganizationView org = newOrganization();

        for (Runnable call : List.<Runnable>of(() -> organizations.addMember(org.id(), NOT_THERE),
                () -> organizations.removeMember(org.id(), NOT_THERE))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(MissingReferenceException.class, e -> {
                assertThat(e.field()).isEqualTo("userId");
                assertThat(e.entity()).isEqualTo("user");
                assertThat(e.id()).isEqualTo(NOT_THERE);
            });
        }
    }

    @Test
    void shouldRemoveAMemberAndRefuseToRemoveANonMember() {
        OrganizationView org = newOrganization();
        UserView member = organizations.addMember(org.id(), newUser().id());
        UserView outsider = newUser();

        UserView removed = organizations.removeMember(org.id(), member.id());

        assertThat(removed.organizationId()).isNull();
        assertThat(removed.updatedAt()).isAfter(member.updatedAt());
        assertThatThrownBy(() -> organizations.removeMember(org.id(), outsider.id()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("userId"));
        assertThatThrownBy(() -> organizations.removeMember(org.id(), member.id()))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void shouldListMembersInCreationOrderAcrossPages() {
        OrganizationView org = newOrganization();
        List<UserView> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(organizations.addMember(org.id(), newUser().id()));
        }
        newUser();

        Page<UserView> first = organizations.listMembers(org.id(), PageRequest.first(2));
        Page<UserView> second = organizations.listMembers(org.id(), PageRequest.first(2).next(first));

        assertThat(first.items()).containsExactlyElementsOf(members.subList(0, 2));
        assertThat(second.items()).containsExactlyElementsOf(members.subList(2, 3));
        assertThat(second.nextCursor()).isNull();
        assertThat(organizations.listMembers(newOrganization().id(), PageRequest.first()).items()).isEmpty();
    }

    @Test
    void shouldValidateNamesIdsAndPagesBeforeAnyDatabaseWork() {
        assertThatThrownBy(() -> organizations.create(" padded\u0000"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("name", "must not contain control characters"),
                        new Violation("name", "must not start or end with whitespace")));
        assertThatThrownBy(() -> organizations.rename("nope", ""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("id", "name"));
        assertThatThrownBy(() -> organizations.addMember(null, "x"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("organizationId", "userId"));
        assertThatThrownBy(() -> organizations.listMembers(NOT_THERE, PageRequest.first(1000)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("limit", "must be between 1 and 200")));
    }
}
