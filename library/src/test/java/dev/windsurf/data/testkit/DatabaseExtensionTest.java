package dev.windsurf.data.testkit;

import static dev.windsurf.data.schema.Tables.PROJECTS;
import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.organization.OrganizationService;
import dev.windsurf.data.organization.OrganizationView;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserView;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The kit as a consumer uses it: one annotation, the parts of a fresh database as parameters. */
@DatabaseTest
class DatabaseExtensionTest {

    private static final String PASSWORD = "correct horse battery staple";

    private UserView owner;

    @BeforeEach
    void createAnOwner(UserService users) {
        owner = users.create(new UserCreate("owner", "owner@example.com", PASSWORD));
    }

    @Test
    void shouldHandTheTestAFullyMigratedDatabaseOnTheDefaultEngine(Database db) {
        assertThat(db.engine()).isEqualTo(TestDatabases.defaultEngine());
        assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        if (db.engine() == Engine.SQLITE) {
            assertThat(db.config().url()).startsWith("jdbc:sqlite:file:testkit-").endsWith("?mode=memory&cache=shared");
        }
    }

    @Test
    void shouldGiveEveryParameterAndTheBeforeEachMethodOneDatabase(Database db, DSLContext dsl, UserService users,
                                                                   OrganizationService organizations,
                                                                   ProjectService projects) {
        // Given the owner made in @BeforeEach, and an organization made here
        OrganizationView org = organizations.create("Analytical Society");

        // When the owner joins it and starts a project in it
        organizations.addMember(org.id(), owner.id());
        projects.create(ProjectCreate.of(owner.id(), "Difference Engine").inOrganization(org.id()));

        // Then every part sees the same rows
        assertThat(users.get(owner.id()).organizationId()).isEqualTo(org.id());
        assertThat(dsl.fetchCount(PROJECTS)).isEqualTo(1);
        assertThat(db.<Integer>read(tx -> tx.fetchCount(USERS))).isEqualTo(1);
        assertThat(projects.listByOrganization(org.id(), PageRequest.first()).items()).hasSize(1);
    }

    @RepeatedTest(3)
    void shouldStartEveryTestOnADatabaseOfItsOwn(DSLContext dsl, UserService users) {
        // Only this test's owner is there, and the same user name can be taken again in every repetition
        assertThat(dsl.fetchCount(USERS)).isEqualTo(1);
        users.create(new UserCreate("ada", "ada@example.com", PASSWORD));
        assertThat(dsl.fetchCount(USERS)).isEqualTo(2);
    }

    @OnBothEngines
    void shouldRunOnEachEngineWithItsOwnFreshDatabase(Database db, UserService users) {
        assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        assertThat(users.getByUsername("owner")).isEqualTo(owner);
        assertThat(db.<Integer>read(tx -> tx.fetchCount(USERS))).isEqualTo(1);
    }
}
