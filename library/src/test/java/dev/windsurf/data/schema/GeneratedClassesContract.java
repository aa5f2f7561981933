package dev.windsurf.data.schema;

import static dev.windsurf.data.schema.Tables.ORGANIZATIONS;
import static dev.windsurf.data.schema.Tables.PROJECTS;
import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.windsurf.data.schema.tables.daos.OrganizationsDao;
import dev.windsurf.data.schema.tables.daos.ProjectsDao;
import dev.windsurf.data.schema.tables.daos.UsersDao;
import dev.windsurf.data.schema.tables.pojos.Organizations;
import dev.windsurf.data.schema.tables.pojos.Projects;
import dev.windsurf.data.schema.tables.pojos.Users;
import dev.windsurf.data.schema.tables.records.UsersRecord;
import dev.windsurf.data.user.PasswordHash;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generated classes against a real engine: one subclass per engine supplies a freshly migrated database.
 */
abstract class GeneratedClassesContract {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.123456Z");
    private static final String HASH = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";

    protected DSLContext dsl;
    private UsersDao users;
    private OrganizationsDao organizations;
    private ProjectsDao projects;

    /** Opens a freshly migrated database of the engine under test. */
    protected abstract DSLContext openMigratedDatabase() throws Exception;

    /** Releases what {@link #openMigratedDatabase()} opened. */
    protected abstract void closeDatabase() throws Exception;

    /** Asserts that the failure is the engine's report of the given violation. */
    protected abstract void assertViolation(DataAccessException e, Violation kind, String constraint);

    enum Violation { UNIQUE, FOREIGN_KEY, CHECK }

    @BeforeEach
    void openDatabase() throws Exception {
        dsl = openMigratedDatabase();
        users = new UsersDao(dsl.configuration());
        organizations = new OrganizationsDao(dsl.configuration());
        projects = new ProjectsDao(dsl.configuration());
    }

    @AfterEach
    void close() throws Exception {
        closeDatabase();
    }

    @Test
    void shouldInsertAndReadBackAUserThroughTheDao() {
        Users alice = user("alice", "alice@example.com", T0);

        users.insert(alice);

        Users read = users.fetchOneById(alice.getId());
        assertThat(read).isEqualTo(alice);
        assertThat(read.getCreatedAt()).isEqualTo(T0);
        assertThat(users.fetchOneByUsername("alice")).isEqualTo(alice);
    }

    @Test
    void shouldApplyColumnDefaultsWhenTheyAreNotGiven() {
        String id = id();

        dsl.insertInto(USERS, USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.PASSWORD_HASH, USERS.CREATED_AT, USERS.UPDATED_AT)
                .values(id, "bob", "bob@example.com", PasswordHash.of(HASH), T0, T0).execute();

        UsersRecord bob = dsl.fetchSingle(USERS, USERS.ID.eq(id));
        assertThat(bob.getIsActive()).isTrue();
        assertThat(bob.getIsAdmin()).isFalse();
        assertThat(bob.getOrganizationId()).isNull();
    }

    @Test
    void shouldUpdateThroughARecordAndReturnTheNewValues() {
        Users carol = user("carol", "carol@example.com", T0);
        users.insert(carol);
        Instant later = T0.plusSeconds(60);

        UsersRecord record = dsl.fetchSingle(USERS, USERS.ID.eq(carol.getId()));
        record.setEmail("carol@example.org");
        record.setUpdatedAt(later);
        record.store();
        String returned = dsl.update(USERS).set(USERS.IS_ADMIN, true).where(USERS.ID.eq(carol.getId()))
                .returning(USERS.EMAIL).fetchSingle(USERS.EMAIL);

        Users read = users.fetchOneById(carol.getId());
        assertThat(returned).isEqualTo("carol@example.org");
        assertThat(read.getEmail()).isEqualTo("carol@example.org");
        assertThat(read.getUpdatedAt()).isEqualTo(later);
        assertThat(read.getIsAdmin()).isTrue();
    }

    @Test
    void shouldDeleteThroughTheDao() {
        Users dave = user("dave", "dave@example.com", T0);
        users.insert(dave);

        users.deleteById(dave.getId());

        assertThat(users.fetchOneById(dave.getId())).isNull();
        assertThat(users.count()).isZero();
    }

    @Test
    void shouldRefuseADuplicateUsername() {
        users.insert(user("erin", "erin@example.com", T0));

        assertThatThrownBy(() -> users.insert(user("erin", "other@example.com", T0)))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertViolation(e, Violation.UNIQUE, "uq_users_username"));
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnEmailThatDiffersOnlyInCase() {
        users.insert(user("frank", "frank@example.com", T0));

        assertThatThrownBy(() -> users.insert(user("frank2", "Frank@Example.COM", T0)))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertViolation(e, Violation.UNIQUE, "uq_users_email_lower"));
    }

    @Test
    void shouldRefuseAProjectWhoseOwnerDoesNotExist() {
        Projects orphan = project("orphan", id(), null);

        assertThatThrownBy(() -> projects.insert(orphan))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertViolation(e, Violation.FOREIGN_KEY, "fk_projects_owner"));
        assertThat(projects.count()).isZero();
    }

    @Test
    void shouldRefuseValuesThatBreakACheckConstraint() {
        assertThatThrownBy(() -> users.insert(user("Not Valid!", "x@example.com", T0)))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertViolation(e, Violation.CHECK, "ck_users_username_format"));
        assertThatThrownBy(() -> organizations.insert(organization("n".repeat(101))))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertViolation(e, Violation.CHECK, "ck_organizations_name_length"));
    }

    @Test
    void shouldKeepMembersAndProjectsWhenTheirOrganizationIsDeleted() {
        Organizations acme = organization("Acme");
        organizations.insert(acme);
        Users grace = user("grace", "grace@example.com", T0);
        grace.setOrganizationId(acme.getId());
        users.insert(grace);
        Projects rocket = project("rocket", grace.getId(), acme.getId());
        projects.insert(rocket);

        organizations.deleteById(acme.getId());

        assertThat(users.fetchOneById(grace.getId()).getOrganizationId()).isNull();
        assertThat(projects.fetchOneById(rocket.getId()).getOrganizationId()).isNull();
    }

    @Test
    void shouldRefuseToDeleteAUserWhoOwnsProjects() {
        Users heidi = user("heidi", "heidi@example.com", T0);
        users.insert(heidi);
        projects.insert(project("kite", heidi.getId(), null));

        assertThatThrownBy(() -> users.deleteById(heidi.getId()))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertViolation(e, Violation.FOREIGN_KEY, "fk_projects_owner"));
        assertThat(users.fetchOneById(heidi.getId())).isNotNull();
    }

    @Test
    void shouldOrderInstantsWrittenFromDifferentTimeZonesByTime() {
        // Given instants made from local times in several zones, some with whole seconds, some with nanoseconds
        List<Instant> written = new ArrayList<>();
        String[] zones = {"Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kolkata", "UTC", "Europe/Paris"};
        LocalDateTime local = LocalDateTime.of(2026, 3, 29, 1, 30);
        for (int i = 0; i < 20; i++) {
            ZoneId zone = ZoneId.of(zones[i % zones.length]);
            Instant instant = local.plusMinutes(i * 37L).plusNanos(i % 3 == 0 ? 0 : 123_456_789L * i)
                    .atZone(zone).toInstant();
            written.add(instant.truncatedTo(ChronoUnit.MICROS));
            users.insert(user("tz" + i, "tz" + i + "@example.com", instant));
        }

        // When they are read back in database order
        List<Instant> ordered = dsl.select(USERS.CREATED_AT).from(USERS).orderBy(USERS.CREATED_AT, USERS.ID)
                .fetch(USERS.CREATED_AT);

        // Then the database order is time order, and equality and range predicates agree with Java
        assertThat(ordered).containsExactlyElementsOf(written.stream().sorted(Comparator.naturalOrder()).toList());
        Instant middle = ordered.get(10);
        assertThat(dsl.fetchCount(USERS, USERS.CREATED_AT.eq(middle))).isEqualTo(1);
        assertThat(dsl.fetchCount(USERS, USERS.CREATED_AT.lt(middle))).isEqualTo(10);
    }

    @Test
    void shouldFollowForeignKeysWithImplicitJoins() {
        Users ivan = user("ivan", "ivan@example.com", T0);
        users.insert(ivan);
        projects.insert(project("glider", ivan.getId(), null));

        String owner = dsl.select(PROJECTS.users().USERNAME).from(PROJECTS).fetchSingle().value1();

        assertThat(owner).isEqualTo("ivan");
        assertThat(dsl.fetchCount(ORGANIZATIONS)).isZero();
    }

    @Test
    void shouldNeverPrintAPasswordHashThroughResultsMapsOrFormats() {
        users.insert(user("olga", "olga@example.com", T0));

        org.jooq.Result<UsersRecord> result = dsl.selectFrom(USERS).fetch();
        UsersRecord olga = result.getFirst();

        for (String text : new String[] {result.toString(), result.formatJSON(), result.formatCSV(),
                result.formatXML(), result.formatHTML(), olga.formatJSON(), olga.toString(),
                result.intoMaps().toString(), olga.intoMap().toString(), String.valueOf(olga.intoArray()[3]),
                dsl.select(USERS.PASSWORD_HASH).from(USERS).fetch().toString()}) {
            assertThat(text).contains("****").doesNotContain("argon2", "c2FsdA");
        }
    }

    @Test
    void shouldRefuseToStoreAPlaintextPasswordThroughTheDaoRecordsOrTheDsl() {
        Users eve = user("eve", "eve@example.com", T0);
        eve.setPasswordHash(PasswordHash.of("correct horse battery staple"));
        UsersRecord record = dsl.newRecord(USERS, user("mallory", "mallory@example.com", T0));
        record.setPasswordHash(PasswordHash.of("hunter2hunter2"));

        for (Runnable write : new Runnable[] {() -> users.insert(eve), record::store,
                () -> dsl.insertInto(USERS, USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.PASSWORD_HASH,
                        USERS.CREATED_AT, USERS.UPDATED_AT).values(id(), "trudy", "trudy@example.com",
                        PasswordHash.of("plaintext password"), T0, T0).execute()}) {
            // jOOQ 3.21.10 and later wrap the converter's refusal in a DataAccessException of their own ("Error while
            // writing value at bind index: …"): the refusal is in the cause, and no message of the chain may echo the
            // value.
            Throwable refusal = catchThrowable(write::run);
            assertThat(refusal).isNotNull();
            List<String> messages = new ArrayList<>();
            for (Throwable t = refusal; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            assertThat(String.join("\n", messages)).contains("not an Argon2 hash")
                    .doesNotContain("correct horse", "hunter2", "plaintext password");
        }
        assertThat(dsl.fetchCount(USERS)).isZero();
    }

    private static Users user(String username, String email, Instant at) {
        Users u = new Users();
        u.setId(id());
        u.setUsername(username);
        u.setEmail(email);
        u.setPasswordHash(PasswordHash.of(HASH));
        u.setIsActive(true);
        u.setIsAdmin(false);
        u.setCreatedAt(at);
        u.setUpdatedAt(at);
        return u;
    }

    private static Organizations organization(String name) {
        Organizations organization = new Organizations();
        organization.setId(id());
        organization.setName(name);
        organization.setCreatedAt(T0);
        organization.setUpdatedAt(T0);
        return organization;
    }

    private static Projects project(String name, String ownerId, String organizationId) {
        // Setters rather than the all-columns constructor, which a migration adding a column changes
        Projects project = new Projects();
        project.setId(id());
        project.setName(name);
        project.setDescription("about " + name);
        project.setOwnerId(ownerId);
        project.setOrganizationId(organizationId);
        project.setCreatedAt(T0);
        project.setUpdatedAt(T0);
        return project;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
