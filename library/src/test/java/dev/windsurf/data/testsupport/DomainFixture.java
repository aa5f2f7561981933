package dev.windsurf.data.testsupport;

import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.organization.OrganizationService;
import dev.windsurf.data.organization.OrganizationView;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.user.TestUsers;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserView;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One migrated database of the engine under test for a whole test class, with the three services on it and a clock
 * that moves only when told. Tests keep out of each other's way with unique names ({@link #unique}), not with a
 * database each: creating a PostgreSQL database per test would cost more than the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DomainFixture {

    public static final String PASSWORD = "correct horse battery staple";
    public static final Instant T0 = Instant.parse("2026-11-24T09:00:00.123456789Z");

    protected final TestClock clock = new TestClock(T0);
    protected EngineUnderTest engine;
    protected Database db;
    protected UserService users;
    protected OrganizationService organizations;
    protected ProjectService projects;

    protected abstract Engine engine();

    @BeforeAll
    void startDatabase() {
        engine = new EngineUnderTest(engine());
        db = Database.start(engine.newDatabase().schemaPolicy(SchemaPolicy.MIGRATE).clock(clock).build());
        users = TestUsers.cheap(db);
        organizations = new OrganizationService(db);
        projects = new ProjectService(db);
    }

    @AfterAll
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** A name no other test uses: the prefix, a dash and 8 random base-36 characters. */
    public static String unique(String prefix) {
        StringBuilder b = new StringBuilder(prefix).append('-');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            b.append(Character.forDigit(random.nextInt(36), 36));
        }
        return b.toString();
    }

    protected UserView newUser() {
        String name = unique("user");
        return users.create(new UserCreate(name, name + "@example.com", PASSWORD));
    }

    protected OrganizationView newOrganization() {
        return organizations.create(unique("Org"));
    }

    protected ProjectView newProject(UserView owner) {
        return projects.create(ProjectCreate.of(owner.id(), unique("Project")));
    }
}
