package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.organization.OrganizationService;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.testsupport.EngineUnderTest;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserFilter;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Invalid input is refused before any database work: on a closed database, where any database work fails with
 * {@link IllegalStateException}, every service call with invalid input still raises {@link ValidationException}.
 */
class ValidationComesFirstTest {

    @Test
    void shouldRefuseInvalidInputWithoutTouchingTheDatabase() {
        Database db;
        try (EngineUnderTest sqlite = new EngineUnderTest(Engine.SQLITE)) {
            db = Database.start(sqlite.newDatabase().schemaPolicy(SchemaPolicy.MIGRATE).build());
        }
        db.close();
        UserService users = new UserService(db);
        OrganizationService organizations = new OrganizationService(db);
        ProjectService projects = new ProjectService(db);

        List<Executable> calls = List.of(
                () -> users.create(new UserCreate("A", "b", "c")),
                () -> users.get("x"),
                () -> users.getByUsername("X"),
                () -> users.getByEmail("x"),
                () -> users.update("x", UserUpdate.none()),
                () -> users.changePassword("x", "old", "new"),
                () -> users.verifyCredentials(null, "x"),
                () -> users.activate("x"),
                () -> users.delete("x"),
                () -> users.list(UserFilter.all(), PageRequest.first(201)),
                () -> organizations.create(""),
                () -> organizations.rename("x", "y"),
                () -> organizations.addMember("x", "y"),
                () -> organizations.listMembers("x", PageRequest.first()),
                () -> projects.create(ProjectCreate.of("x", "y")),
                () -> projects.describe("x", null),
                () -> projects.transfer("x", "y"),
                () -> projects.listByOrganization("x", PageRequest.first()));
        for (Executable call : calls) {
            assertThatThrownBy(call::execute).isInstanceOf(ValidationException.class);
        }
        assertThatThrownBy(() -> users.get("019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
