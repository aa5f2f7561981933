package dev.windsurf.data.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.MissingReferenceException;
import dev.windsurf.data.NotFoundException;
import dev.windsurf.data.Page;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.ValidationException.Violation;
import dev.windsurf.data.organization.OrganizationView;
import dev.windsurf.data.testsupport.DomainFixture;
import dev.windsurf.data.user.UserView;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ProjectService} does on every engine. One subclass per engine. */
abstract class ProjectServiceContract extends DomainFixture {

    private static final String NOT_THERE = "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091";

    @Test
    void shouldCreateAProjectForAnOwnerOutsideAnyOrganization() {
        UserView owner = newUser();
        String name = unique("Apollo");

        ProjectView apollo = projects.create(ProjectCreate.of(owner.id(), name).withDescription("To the moon.\n"));

        assertThat(apollo.name()).isEqualTo(name);
        assertThat(apollo.description()).isEqualTo("To the moon.\n");
        assertThat(apollo.ownerId()).isEqualTo(owner.id());
        assertThat(apollo.organizationId()).isNull();
        assertThat(apollo.createdAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(apollo.updatedAt()).isEqualTo(apollo.createdAt());
        assertThat(projects.get(apollo.id())).isEqualTo(apollo);
    }

    @Test
    void shouldCreateAProjectInsideTheOwnersOrganization() {
        OrganizationView org = newOrganization();
        UserView owner = organizations.addMember(org.id(), newUser().id());

        ProjectView project = projects.create(ProjectCreate.of(owner.id(), unique("Gemini")).inOrganization(org.id()));

        assertThat(project.organizationId()).isEqualTo(org.id());
        assertThat(project.description()).isNull();
    }

    @Test
    void shouldRefuseAProjectInAnOrganizationTheOwnerDoesNotBelongTo() {
        OrganizationView org = newOrganization();
        OrganizationView other = newOrganization();
        UserView outsider = newUser();
        UserView memberElsewhere = organizations.addMember(other.id(), newUser().id());

        for (UserView owner : List.of(outsider, memberElsewhere)) {
            assertThatThrownBy(() -> projects.create(ProjectCreate.of(owner.id(), unique("P")).inOrganization(org.id())))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.field()).isEqualTo("organizationId");
                        assertThat(e.getMessage()).contains("not a member").contains(org.id());
                    });
        }
        assertThat(projects.listByOrganization(org.id(), PageRequest.first()).items()).isEmpty();
    }

    @Test
    void shouldRaiseAMissingReferenceForAnOwnerOrOrganizationThatDoesNotExist() {
        UserView owner = newUser();

        assertThatThrownBy(() -> projects.create(ProjectCreate.of(NOT_THERE, "P")))
                .isInstanceOfSatisfying(MissingReferenceException.class, e -> {
                    assertThat(e.field()).isEqualTo("ownerId");
                    assertThat(e.entity()).isEqualTo("user");
                    assertThat(e.id()).isEqualTo(NOT_THERE);
                });
        assertThatThrownBy(() -> projects.create(ProjectCreate.of(owner.id(), "P").inOrganization(NOT_THERE)))
                .isInstanceOfSatisfying(MissingReferenceException.class, e -> {
                    assertThat(e.field()).isEqualTo("organizationId");
                    assertThat(e.entity()).isEqualTo("organization");
                });
    }

    @Test
    void shouldRefuseADuplicateNameForOneOwnerButNotAcrossOwners() {
        UserView first = newUser();
        UserView second = newUser();
        String name = unique("Mercury");
        projects.create(ProjectCreate.of(first.id(), name));

        assertThatThrownBy(() -> projects.create(ProjectCreate.of(first.id(), name)))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.constraint()).isEqualTo("uq_projects_owner_name");
                });
        assertThat(projects.create(ProjectCreate.of(second.id(), name)).name()).isEqualTo(name);
    }

    @Test
    void shouldRenameAndDescribeMovingUpdatedAtOnlyOnChange() {
        ProjectView project = newProject(newUser());
        Instant later = clock.advance(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MICROS);
        String name = unique("Skylab");

        ProjectView renamed = projects.rename(project.id(), name);
        ProjectView described = projects.describe(project.id(), "Orbital workshop");

        assertThat(renamed.name()).isEqualTo(name);
        assertThat(renamed.updatedAt()).isEqualTo(later);
        assertThat(described.description()).isEqualTo("Orbital workshop");
        assertThat(described.updatedAt()).isAfter(renamed.updatedAt());
        assertThat(projects.rename(project.id(), name)).isEqualTo(described);
        assertThat(projects.describe(project.id(), "Orbital workshop")).isEqualTo(described);
        ProjectView cleared = projects.describe(project.id(), null);
        assertThat(cleared.description()).isNull();
        assertThat(projects.get(project.id())).isEqualTo(cleared);
    }

    @Test
    void shouldRefuseARenameToANameTheOwnerUsesAlready() {
        UserView owner = newUser();
        ProjectView first = newProject(owner);
        ProjectView second = newProject(owner);

        assertThatThrownBy(() -> projects.rename(second.id(), first.name()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void shouldTransferAProjectToAnotherOwner() {
        UserView from = newUser();
        UserView to = newUser();
        ProjectView project = newProject(from);

        ProjectView moved = projects.transfer(project.id(), to.id());

        assertThat(moved.ownerId()).isEqualTo(to.id());
        assertThat(moved.updatedAt()).isAfter(project.updatedAt());
        assertThat(projects.transfer(project.id(), to.id())).isEqualTo(moved);
        assertThat(projects.listByOwner(from.id(), PageRequest.first()).items()).isEmpty();
        assertThat(projects.listByOwner(to.id(), PageRequest.first()).items()).containsExactly(moved);
        users.delete(from.id());
    }

    @Test
    void shouldRefuseATransferToAMissingUserANonMemberOrAnOwnerWithTheSameName() {
        OrganizationView org = newOrganization();
        UserView member = organizations.addMember(org.id(), newUser().id());
        ProjectView inOrg = projects.create(ProjectCreate.of(member.id(), unique("Org P")).inOrganization(org.id()));
        UserView outsider = newUser();
        UserView namesake = newUser();
        ProjectView plain = newProject(newUser());
        projects.create(ProjectCreate.of(namesake.id(), plain.name()));

        assertThatThrownBy(() -> projects.transfer(inOrg.id(), NOT_THERE))
                .isInstanceOfSatisfying(MissingReferenceException.class,
                        e -> assertThat(e.field()).isEqualTo("newOwnerId"));
        assertThatThrownBy(() -> projects.transfer(inOrg.id(), outsider.id()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("newOwnerId"));
        assertThatThrownBy(() -> projects.transfer(plain.id(), namesake.id()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThat(projects.get(inOrg.id())).isEqualTo(inOrg);
        assertThat(projects.get(plain.id())).isEqualTo(plain);
    }

    @Test
    void shouldDeleteAProjectAndRaiseNotFoundAfterwards() {
        ProjectView project = newProject(newUser());

        projects.delete(project.id());

        for (Runnable call : List.<Runnable>of(() -> projects.get(project.id()), () -> projects.delete(project.id()),
                () -> projects.rename(project.id(), "x"), () -> projects.describe(project.id(), "x"),
                () -> projects.transfer(project.id(), project.ownerId()))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(NotFoundException.class, e -> {
                assertThat(e.entity()).isEqualTo("project");
                assertThat(e.id()).isEqualTo(project.id());
            });
        }
    }

    @Test
    void shouldListByOwnerAndByOrganizationInCreationOrderAcrossPages() {
        OrganizationView org = newOrganization();
        UserView owner = organizations.addMember(org.id(), newUser().id());
        List<ProjectView> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(projects.create(ProjectCreate.of(owner.id(), unique("P" + i)).inOrganization(org.id())));
        }

        Page<ProjectView> byOwner = projects.listByOwner(owner.id(), PageRequest.first(2));
        Page<ProjectView> byOwnerNext = projects.listByOwner(owner.id(), PageRequest.first(2).next(byOwner));
        Page<ProjectView> byOrg = projects.listByOrganization(org.id(), PageRequest.first(3));

        assertThat(byOwner.items()).containsExactlyElementsOf(created.subList(0, 2));
        assertThat(byOwnerNext.items()).containsExactlyElementsOf(created.subList(2, 3));
        assertThat(byOwnerNext.hasNext()).isFalse();
        assertThat(byOrg.items()).containsExactlyElementsOf(created);
        assertThat(byOrg.hasNext()).isFalse();
    }

    @Test
    void shouldRaiseNotFoundWhenListingForAMissingOwnerOrOrganization() {
        assertThatThrownBy(() -> projects.listByOwner(NOT_THERE, PageRequest.first()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("user"));
        assertThatThrownBy(() -> projects.listByOrganization(NOT_THERE, PageRequest.first()))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.entity()).isEqualTo("organization"));
    }

    @Test
    void shouldReportEveryViolationOfACreateAndOfACall() {
        assertThatThrownBy(() -> projects.create(new ProjectCreate("owner", "\t", "x".repeat(2001), "ORG")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactly("description", "name", "name", "organizationId", "ownerId"));
        assertThatThrownBy(() -> projects.transfer("a", "b"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("id", "newOwnerId"));
        assertThatThrownBy(() -> projects.describe(NOT_THERE, "nul\u0000"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("description"));
        assertThatThrownBy(() -> projects.listByOwner(NOT_THERE, PageRequest.after("x", 0)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("cursor", "limit"));
    }

    @Test
    void shouldCreateManyProjectsInOneCallInTheOrderGiven() {
        OrganizationView org = newOrganization();
        UserView member = organizations.addMember(org.id(), newUser().id());
        UserView other = newUser();
        List<ProjectCreate> batch = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            batch.add(i % 2 == 0 ? ProjectCreate.of(member.id(), "bulk-" + i).inOrganization(org.id())
                    : ProjectCreate.of(other.id(), "bulk-" + i).withDescription("n\u00b0 " + i));
        }

        List<ProjectView> created = projects.createAll(batch);

        assertThat(created).hasSize(2_500);
        assertThat(created).extracting(ProjectView::name).containsExactlyElementsOf(
                batch.stream().map(ProjectCreate::name).toList());
        assertThat(created).extracting(ProjectView::id).isSorted().doesNotHaveDuplicates();
        assertThat(projects.get(created.get(0).id())).isEqualTo(created.get(0));
        assertThat(projects.get(created.get(2_499).id())).isEqualTo(created.get(2_499));
        assertThat(projects.listByOrganization(org.id(), PageRequest.first(100)).items()).hasSize(100);
        assertThat(projects.createAll(List.of())).isEmpty();
    }

    /**
     * Text that the bulk path must escape (PostgreSQL's COPY text format treats backslash, tab, line feed and carriage
     * return specially, and a line holding only a backslash and a dot as the end of the data) comes back exactly.
     */
    @Test
    void shouldStoreTextThatCopyEscapesExactlyInBulk() {
        UserView owner = newUser();
        List<String> names = List.of("back\\slash", "trailing\\", "\\N", "\\.", "quote ' \" , ;",
                "caf\u00e9 \u4e2d \ud83c\udf0a",
                "\\t not a tab", "a\u00a0b");
        List<String> descriptions = List.of("tab\there", "line\nfeed", "carriage\rreturn\r\n", "\\N", "\\.",
                "end\n\\.\nafter", "\\\\\t\\\n\\", "\t\n\r leading and trailing \t\n\r");
        List<ProjectCreate> batch = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            batch.add(ProjectCreate.of(owner.id(), names.get(i)).withDescription(descriptions.get(i)));
        }
        batch.add(ProjectCreate.of(owner.id(), "no description"));

        List<ProjectView> created = projects.createAll(batch);

        for (int i = 0; i < batch.size(); i++) {
            ProjectView stored = projects.get(created.get(i).id());
            assertThat(stored).isEqualTo(created.get(i));
            assertThat(stored.name()).isEqualTo(batch.get(i).name());
            assertThat(stored.description()).isEqualTo(batch.get(i).description());
        }
        assertThat(created.getLast().description()).isNull();
    }

    /** NUL cannot be stored in a PostgreSQL text value: both engines refuse it up front, naming the element. */
    @Test
    void shouldRefuseNulInABatchBeforeAnyDatabaseWork() {
        UserView owner = newUser();
        List<ProjectCreate> batch = List.of(ProjectCreate.of(owner.id(), unique("fine")),
                ProjectCreate.of(owner.id(), unique("nul")).withDescription("before\u0000after"),
                ProjectCreate.of(owner.id(), "nul\u0000name"));

        assertThatThrownBy(() -> projects.createAll(batch))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactly("projects[1].description", "projects[2].name"));
        assertThat(projects.listByOwner(owner.id(), PageRequest.first()).items()).isEmpty();
    }

    @Test
    void shouldCreateNoneOfTheBatchWhenOneProjectIsRefused() {
        UserView owner = newUser();
        String taken = unique("taken");
        projects.create(ProjectCreate.of(owner.id(), taken));
        List<ProjectCreate> clashWithStored = List.of(ProjectCreate.of(owner.id(), unique("a")),
                ProjectCreate.of(owner.id(), taken));
        List<ProjectCreate> clashInside = List.of(ProjectCreate.of(owner.id(), "twice"),
                ProjectCreate.of(owner.id(), "twice"));

        for (List<ProjectCreate> batch : List.of(clashWithStored, clashInside)) {
            assertThatThrownBy(() -> projects.createAll(batch))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(e.constraint()).isEqualTo("uq_projects_owner_name");
                    });
        }
        assertThatThrownBy(() -> projects.createAll(List.of(ProjectCreate.of(owner.id(), unique("b")),
                ProjectCreate.of(NOT_THERE, "c"))))
                .isInstanceOfSatisfying(MissingReferenceException.class, e -> assertThat(e.field())
                        .isEqualTo("ownerId"));
        assertThatThrownBy(() -> projects.createAll(List.of(ProjectCreate.of(owner.id(), unique("d"))
                .inOrganization(newOrganization().id()))))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field())
                        .isEqualTo("organizationId"));
        assertThat(projects.listByOwner(owner.id(), PageRequest.first()).items()).extracting(ProjectView::name)
                .containsExactly(taken);
    }

    @Test
    void shouldReportEveryViolationOfABatchByPosition() {
        List<ProjectCreate> batch = new ArrayList<>();
        batch.add(ProjectCreate.of(newUser().id(), "fine"));
        batch.add(new ProjectCreate("owner", "", null, null));
        batch.add(null);

        assertThatThrownBy(() -> projects.createAll(batch))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactly("projects[1].name", "projects[1].ownerId", "projects[2]"));
        assertThatThrownBy(() -> projects.createAll(java.util.Collections.nCopies(ProjectService.MAX_BULK + 1,
                ProjectCreate.of(NOT_THERE, "x"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("projects"));
    }

    @Test
    void shouldApplyAPartialUpdateInOneTransaction() {
        OrganizationView org = newOrganization();
        UserView owner = organizations.addMember(org.id(), newUser().id());
        UserView colleague = organizations.addMember(org.id(), newUser().id());
        ProjectView project = projects.create(ProjectCreate.of(owner.id(), unique("Vostok")).withDescription("first")
                .inOrganization(org.id()));
        clock.advance(Duration.ofSeconds(2));

        ProjectView same = projects.update(project.id(), ProjectUpdate.none().withName(project.name()));
        ProjectView moved = projects.update(project.id(), ProjectUpdate.none().withName("Voskhod")
                .withoutDescription().withOwner(colleague.id()));

        assertThat(same).isEqualTo(project);
        assertThat(moved.name()).isEqualTo("Voskhod");
        assertThat(moved.description()).isNull();
        assertThat(moved.ownerId()).isEqualTo(colleague.id());
        assertThat(moved.updatedAt()).isAfter(project.updatedAt());
        assertThat(projects.get(project.id())).isEqualTo(moved);
        assertThat(projects.update(project.id(), ProjectUpdate.none().withDescription("second")).description())
                .isEqualTo("second");
    }

    @Test
    void shouldChangeNothingWhenOnePartOfAnUpdateIsRefused() {
        OrganizationView org = newOrganization();
        UserView owner = organizations.addMember(org.id(), newUser().id());
        UserView outsider = newUser();
        ProjectView project = projects.create(ProjectCreate.of(owner.id(), unique("Soyuz")).inOrganization(org.id()));
        ProjectView other = projects.create(ProjectCreate.of(owner.id(), unique("Mir")));

        assertThatThrownBy(() -> projects.update(project.id(), ProjectUpdate.none().withName("renamed")
                .withOwner(outsider.id())))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("ownerId"));
        assertThatThrownBy(() -> projects.update(project.id(), ProjectUpdate.none().withDescription("d")
                .withName(other.name())))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> projects.update(project.id(), ProjectUpdate.none().withName("x")
                .withOwner(NOT_THERE)))
                .isInstanceOfSatisfying(MissingReferenceException.class, e -> assertThat(e.field())
                        .isEqualTo("ownerId"));
        assertThatThrownBy(() -> projects.update(NOT_THERE, ProjectUpdate.none().withName("x")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> projects.update("nope", new ProjectUpdate("", "x".repeat(2001), true, "OWNER")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).contains("id", "name", "description", "ownerId"));

        assertThat(projects.get(project.id())).isEqualTo(project);
    }
}
