package dev.windsurf.data.user;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.NotFoundException;
import dev.windsurf.data.Page;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.ValidationException.Violation;
import dev.windsurf.data.internal.password.PasswordHasher;
import dev.windsurf.data.organization.OrganizationView;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.schema.tables.daos.UsersDao;
import dev.windsurf.data.testsupport.DomainFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What {@link UserService} does on every engine. One subclass per engine. */
abstract class UserServiceContract extends DomainFixture {

    private static final String NOT_THERE = "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091";

    private String storedHash(String id) {
        return db.read(tx -> new UsersDao(tx.configuration()).fetchOneById(id).getPasswordHash().reveal());
    }

    @Test
    void shouldCreateAnActiveNonAdminUserStampedByTheDatabaseClock() {
        String name = unique("alice");

        UserView alice = users.create(new UserCreate(name, "Alice." + name + "@Example.com", PASSWORD));

        assertThat(alice.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(alice.username()).isEqualTo(name);
        assertThat(alice.email()).isEqualTo("Alice." + name + "@Example.com");
        assertThat(alice.active()).isTrue();
        assertThat(alice.admin()).isFalse();
        assertThat(alice.organizationId()).isNull();
        assertThat(alice.createdAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(alice.updatedAt()).isEqualTo(alice.createdAt());
        assertThat(users.get(alice.id())).isEqualTo(alice);
    }

    @Test
    void shouldStoreOnlyAnArgon2idHashWithOwaspParametersWhenBuiltFromADatabase() {
        UserService real = new UserService(db);
        String name = unique("owasp");

        UserView user = real.create(new UserCreate(name, name + "@example.com", PASSWORD));

        assertThat(storedHash(user.id())).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        assertThat(real.verifyCredentials(name, PASSWORD)).contains(user);
        assertThat(Arrays.stream(UserView.class.getRecordComponents()).map(c -> c.getName()))
                .noneMatch(n -> n.toLowerCase().contains("password") || n.toLowerCase().contains("hash"));
    }

    @Test
    void shouldFindAUserByIdByUsernameAndByEmailInAnyLetterCase() {
        UserView bob = newUser();

        assertThat(users.get(bob.id())).isEqualTo(bob);
        assertThat(users.getByUsername(bob.username())).isEqualTo(bob);
        assertThat(users.getByEmail(bob.email())).isEqualTo(bob);
        assertThat(users.getByEmail(bob.email().toUpperCase())).isEqualTo(bob);
    }

    @Test
    void shouldRaiseNotFoundNamingTheEntityAndTheIdForEveryCallOnAMissingUser() {
        List<Runnable> calls = List.of(
                () -> users.get(NOT_THERE),
                () -> users.update(NOT_THERE, UserUpdate.email("x@example.com")),
                () -> users.changePassword(NOT_THERE, PASSWORD, PASSWORD + "!"),
                () -> users.activate(NOT_THERE),
                () -> users.deactivate(NOT_THERE),
                () -> users.grantAdmin(NOT_THERE),
                () -> users.revokeAdmin(NOT_THERE),
                () -> users.delete(NOT_THERE));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(NotFoundException.class, e -> {
                assertThat(e.entity()).isEqualTo("user");
                assertThat(e.id()).isEqualTo(NOT_THERE);
            });
        }
        assertThatThrownBy(() -> users.getByUsername("nobody-here")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.getByEmail("nobody@example.com")).isInstanceOf(NotFoundException.class)
                .hasMessageNotContaining("nobody@example.com");
    }

    @Test
    void shouldRefuseADuplicateUsernameNamingTheField() {
        UserView first = newUser();

        assertThatThrownBy(() -> users.create(new UserCreate(first.username(), unique("x") + "@example.com",
                PASSWORD))).isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("username");
                    assertThat(e.constraint()).isEqualTo("uq_users_username");
                    assertThat(e.getMessage()).contains("username").doesNotContain(first.username());
                });
    }

    /** A hasher that counts its hashes: an instance-scoped stand-in that still hashes for real. */
    private static final class CountingHasher extends PasswordHasher {
        final java.util.concurrent.atomic.AtomicInteger hashes = new java.util.concurrent.atomic.AtomicInteger();

        CountingHasher() {
            super(64, 1, 1);
        }

        @Override
        public String hash(String password) {
            hashes.incrementAndGet();
            return super.hash(password);
        }
    }

    @Test
    void shouldRefuseATakenUsernameOrEmailBeforeHashingThePassword() {
        CountingHasher counting = new CountingHasher();
        UserService service = TestUsers.hashingWith(db, counting);
        UserView first = service.create(new UserCreate(unique("ursula"), unique("ursula") + "@example.com",
                PASSWORD));

        assertThatThrownBy(() -> service.create(new UserCreate(first.username(), unique("y") + "@example.com",
                PASSWORD))).isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("username");
                    assertThat(e.constraint()).isEqualTo("uq_users_username");
                });
        assertThatThrownBy(() -> service.create(new UserCreate(unique("z"), first.email().toUpperCase(), PASSWORD)))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("email");
                    assertThat(e.constraint()).isEqualTo("uq_users_email_lower");
                });
        assertThat(counting.hashes.get()).as("hashes computed").isEqualTo(1);
    }

    @Test
    void shouldCountThePasswordLengthAfterNormalisation() {
        // Six 'e' + combining acute accents are 12 code points, but NFKC composes them into six 'é'.
        String composed = "e\u0301".repeat(6);

        assertThatThrownBy(() -> users.create(new UserCreate(unique("nfkc"), unique("nfkc") + "@example.com",
                composed))).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("password"));
        assertThat(users.create(new UserCreate(unique("nfkc"), unique("nfkc") + "@example.com",
                "e\u0301".repeat(12))).username()).startsWith("nfkc");
    }

    @Test
    void shouldRefuseAnEmailThatDiffersOnlyInLetterCaseNamingTheField() {
        UserView first = newUser();

        assertThatThrownBy(() -> users.create(new UserCreate(unique("x"), first.email().toUpperCase(), PASSWORD)))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("email");
                    assertThat(e.constraint()).isEqualTo("uq_users_email_lower");
                });
    }

    @Test
    void shouldReportEveryViolationAndWriteNothingForInvalidInput() {
        int before = db.<Integer>read(tx -> tx.fetchCount(USERS));

        assertThatThrownBy(() -> users.create(new UserCreate("X", "nope", "short")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::field)
                            .containsExactly("email", "password", "username");
                    assertThat(e.sqlState()).isNull();
                    assertThat(e.getMessage()).doesNotContain("short");
                });
        assertThat(db.<Integer>read(tx -> tx.fetchCount(USERS))).isEqualTo(before);
    }

    @Test
    void shouldChangeOnlyTheGivenFieldsAndMoveUpdatedAt() {
        UserView carol = newUser();
        Instant later = clock.advance(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MICROS);
        String email = unique("carol") + "@example.org";

        UserView updated = users.update(carol.id(), UserUpdate.email(email));

        assertThat(updated.email()).isEqualTo(email);
        assertThat(updated.username()).isEqualTo(carol.username());
        assertThat(updated.createdAt()).isEqualTo(carol.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(users.get(carol.id())).isEqualTo(updated);
    }

    @Test
    void shouldMoveUpdatedAtEvenWhenTheClockHasNotAdvanced() {
        UserView dave = newUser();

        UserView renamed = users.update(dave.id(), UserUpdate.username(unique("dave")));
        UserView again = users.update(dave.id(), UserUpdate.username(unique("dave")));

        assertThat(renamed.updatedAt()).isAfter(dave.updatedAt());
        assertThat(again.updatedAt()).isAfter(renamed.updatedAt());
    }

    @Test
    void shouldWriteNothingForAnUpdateThatChangesNothing() {
        UserView erin = newUser();
        clock.advance(Duration.ofMinutes(1));

        assertThat(users.update(erin.id(), UserUpdate.none())).isEqualTo(erin);
        assertThat(users.update(erin.id(), new UserUpdate(erin.username(), erin.email()))).isEqualTo(erin);
        assertThat(users.get(erin.id()).updatedAt()).isEqualTo(erin.updatedAt());
    }

    @Test
    void shouldRefuseAnUpdateToAUsernameOrEmailOfAnotherUser() {
        UserView first = newUser();
        UserView second = newUser();

        assertThatThrownBy(() -> users.update(second.id(), UserUpdate.username(first.username())))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("username"));
        assertThatThrownBy(() -> users.update(second.id(), UserUpdate.email(first.email().toUpperCase())))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThat(users.update(first.id(), UserUpdate.email(first.email().toUpperCase())).email())
                .isEqualTo(first.email().toUpperCase());
    }

    @Test
    void shouldChangeThePasswordOnlyWithTheCurrentOne() {
        UserView frank = newUser();
        String next = "a new password, long enough";

        assertThatThrownBy(() -> users.changePassword(frank.id(), "not the password", next))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("currentPassword", "does not match the current password")));
        assertThat(users.verifyCredentials(frank.username(), PASSWORD)).isPresent();

        UserView changed = users.changePassword(frank.id(), PASSWORD, next);

        assertThat(changed.updatedAt()).isAfter(frank.updatedAt());
        assertThat(users.verifyCredentials(frank.username(), next)).contains(changed);
        assertThat(users.verifyCredentials(frank.username(), PASSWORD)).isEmpty();
    }

    @Test
    void shouldValidateTheNewPasswordBeforeCheckingTheCurrentOne() {
        assertThatThrownBy(() -> users.changePassword("bad", null, "short"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("currentPassword", "id", "newPassword"));
    }

    @Test
    void shouldVerifyCredentialsByUsernameOrByEmailInAnyCase() {
        UserView gina = newUser();

        assertThat(users.verifyCredentials(gina.username(), PASSWORD)).contains(gina);
        assertThat(users.verifyCredentials(gina.email().toUpperCase(), PASSWORD)).contains(gina);
        assertThat(users.verifyCredentials(gina.username(), PASSWORD + "x")).isEmpty();
        assertThat(users.verifyCredentials("nobody-at-all", PASSWORD)).isEmpty();
        assertThat(users.verifyCredentials("Not A Login!", PASSWORD)).isEmpty();
        assertThat(users.verifyCredentials(gina.username(), "short")).isEmpty();
        assertThat(users.verifyCredentials(gina.username(), "x".repeat(10_000))).isEmpty();
        assertThatThrownBy(() -> users.verifyCredentials(null, null)).isInstanceOf(ValidationException.class);
    }

    @Test
    void shouldRefuseCredentialsOfAnInactiveUser() {
        UserView hank = newUser();
        users.deactivate(hank.id());

        assertThat(users.verifyCredentials(hank.username(), PASSWORD)).isEmpty();

        users.activate(hank.id());
        assertThat(users.verifyCredentials(hank.username(), PASSWORD)).isPresent();
    }

    @Test
    void shouldRehashAnOlderHashAtTheNextSuccessfulSignInOnly() {
        UserService older = TestUsers.hashingWith(db, new PasswordHasher(32, 1, 1));
        String name = unique("ivy");
        UserView ivy = older.create(new UserCreate(name, name + "@example.com", PASSWORD));
        String oldHash = storedHash(ivy.id());
        assertThat(oldHash).startsWith("$argon2id$v=19$m=32,t=1,p=1$");

        assertThat(users.verifyCredentials(name, "wrong password here")).isEmpty();
        assertThat(storedHash(ivy.id())).isEqualTo(oldHash);

        assertThat(users.verifyCredentials(name, PASSWORD)).isPresent();
        String newHash = storedHash(ivy.id());
        assertThat(newHash).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(users.verifyCredentials(name, PASSWORD)).isPresent();
        assertThat(storedHash(ivy.id())).isEqualTo(newHash);
    }

    @Test
    void shouldSetFlagsAndDoNothingWhenTheyAreSetAlready() {
        UserView jack = newUser();
        clock.advance(Duration.ofSeconds(1));

        UserView admin = users.grantAdmin(jack.id());
        assertThat(admin.admin()).isTrue();
        assertThat(admin.updatedAt()).isAfter(jack.updatedAt());
        assertThat(users.grantAdmin(jack.id())).isEqualTo(admin);
        assertThat(users.revokeAdmin(jack.id()).admin()).isFalse();

        UserView inactive = users.deactivate(jack.id());
        assertThat(inactive.active()).isFalse();
        assertThat(users.deactivate(jack.id())).isEqualTo(inactive);
        assertThat(users.activate(jack.id()).active()).isTrue();
        assertThat(users.activate(jack.id()).updatedAt()).isEqualTo(users.get(jack.id()).updatedAt());
    }

    @Test
    void shouldRefuseToDeleteAUserWhoOwnsProjectsUntilTheyAreGone() {
        UserView kate = newUser();
        ProjectView project = newProject(kate);

        assertThatThrownBy(() -> users.delete(kate.id())).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.constraint()).isEqualTo("fk_projects_owner");
            assertThat(e.getMessage()).contains("owns 1 project(s)").contains("transfer");
        });
        assertThat(users.get(kate.id())).isEqualTo(kate);

        projects.delete(project.id());
        users.delete(kate.id());

        assertThatThrownBy(() -> users.get(kate.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldListUsersInCreationOrderAcrossPagesWithAStableCursor() {
        OrganizationView org = newOrganization();
        List<UserView> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(organizations.addMember(org.id(), newUser().id()));
        }
        UserFilter filter = UserFilter.organization(org.id());

        Page<UserView> first = users.list(filter, PageRequest.first(2));
        newUser();                                                   // others' writes do not disturb the pages
        Page<UserView> second = users.list(filter, PageRequest.first(2).next(first));
        Page<UserView> third = users.list(filter, PageRequest.after(second.nextCursor(), 2));

        assertThat(first.items()).containsExactlyElementsOf(created.subList(0, 2));
        assertThat(second.items()).containsExactlyElementsOf(created.subList(2, 4));
        assertThat(third.items()).containsExactlyElementsOf(created.subList(4, 5));
        assertThat(third.hasNext()).isFalse();
        assertThat(users.list(filter, PageRequest.first(5)).hasNext()).isFalse();
    }

    @Test
    void shouldFilterTheListByActivityAndOrganization() {
        OrganizationView org = newOrganization();
        UserView on = organizations.addMember(org.id(), newUser().id());
        UserView off = users.deactivate(organizations.addMember(org.id(), newUser().id()).id());

        assertThat(users.list(UserFilter.organization(org.id()).withActive(true), PageRequest.first()).items())
                .containsExactly(on);
        assertThat(users.list(UserFilter.active(false).withOrganization(org.id()), PageRequest.first()).items())
                .containsExactly(off);
        assertThat(users.list(UserFilter.all(), PageRequest.first(PageRequest.MAX_LIMIT)).items()).isNotEmpty();
    }

    @Test
    void shouldRefuseALimitAboveTheCapAndACursorNoPageIssued() {
        assertThatThrownBy(() -> users.list(UserFilter.all(), PageRequest.after("forged", PageRequest.MAX_LIMIT + 1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("cursor", "is not a cursor returned by a previous page"),
                        new Violation("limit", "must be between 1 and 200")));
    }

    @Test
    void shouldLetExactlyOneOfTwoSimultaneousCreatesOfAUsernameSucceed() throws Exception {
        for (int round = 0; round < 3; round++) {
            String name = unique("race");
            CyclicBarrier start = new CyclicBarrier(2);
            List<Callable<UserView>> racers = List.of(
                    () -> {
                        start.await();
                        return users.create(new UserCreate(name, unique("a") + "@example.com", PASSWORD));
                    },
                    () -> {
                        start.await();
                        return users.create(new UserCreate(name, unique("b") + "@example.com", PASSWORD));
                    });
            List<Object> outcomes = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<UserView> f : pool.invokeAll(racers)) {
                    try {
                        outcomes.add(f.get());
                    } catch (ExecutionException e) {
                        outcomes.add(e.getCause());
                    }
                }
            }

            assertThat(outcomes).filteredOn(UserView.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !(o instanceof UserView)).singleElement()
                    .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("username"));
            assertThat(users.getByUsername(name)).isIn(outcomes);
        }
    }

    @Test
    void shouldValidateIdsBeforeAnyLookup() {
        Consumer<Runnable> refusedId = call -> assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("id"));
        refusedId.accept(() -> users.get("' OR '1'='1"));
        refusedId.accept(() -> users.delete(NOT_THERE.toUpperCase()));
        refusedId.accept(() -> users.activate(null));
        assertThatThrownBy(() -> users.getByUsername("Robert'); DROP TABLE users;--"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> users.getByEmail("jos\u00e9@example.com")).isInstanceOf(ValidationException.class);
    }
}
