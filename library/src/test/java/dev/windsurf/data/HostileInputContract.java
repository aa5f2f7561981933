package dev.windsurf.data;

import static dev.windsurf.data.testsupport.HostileStrings.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.windsurf.data.organization.OrganizationView;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.testsupport.DomainFixture;
import dev.windsurf.data.testsupport.HostileStrings;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserView;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of the services under hostile input, on a real engine: a value the rules accept is stored and read back
 * byte for byte; a value they refuse raises a {@link ValidationException} from the library (no SQLState: the
 * database never saw it); nothing else escapes — no raw SQL error, no {@link DataException} of another kind. The
 * rules are restated here independently of the library's own code, as the oracle.
 */
abstract class HostileInputContract extends DomainFixture {

    /** Generated values per property; moderate, so that the suite stays fast. */
    private static final int TRIES = 60;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
    private static final List<String> EDGE_CASES = List.of("", " ", "x", "'", "\u0000", "a\u0000b", "\uD800",
            "\uDC00x", "x".repeat(100), "x".repeat(101), "\uD83D\uDE00".repeat(100), "\uD83D\uDE00".repeat(101),
            "e\u0301".repeat(50), "'); DROP TABLE organizations; --", "Robert'); DROP TABLE users;--",
            "\u202Egnp.exe", "\uFEFFbom", "tab\there", "x".repeat(100_000));

    private final Set<String> organizationNames = new HashSet<>();

    private static boolean validName(String s) {
        long codePoints = s.codePoints().count();
        return codePoints >= 1 && codePoints <= 100 && noSurrogates(s)
                && s.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL)
                && !space(s.codePointAt(0)) && !space(s.codePointBefore(s.length()));
    }

    private static boolean validDescription(String s) {
        return s.codePoints().count() <= 2000 && noSurrogates(s) && s.codePoints()
                .noneMatch(c -> Character.getType(c) == Character.CONTROL && c != '\n' && c != '\r' && c != '\t');
    }

    private static boolean noSurrogates(String s) {
        return s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE);
    }

    private static boolean space(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static void assertRefusedByTheLibrary(ValidationException e, String... fields) {
        assertThat(e.sqlState()).as("refused before the database").isNull();
        assertThat(e.violations()).isNotEmpty();
        assertThat(e.violations()).extracting(ValidationException.Violation::field).containsAnyOf(fields)
                .allMatch(f -> List.of(fields).contains(f));
    }

    private static void assertSameBytes(String actual, String expected) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual.getBytes(StandardCharsets.UTF_8)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void organizationNamesAreStoredExactlyOrRefusedByValidation() {
        int[] outcomes = new int[2];
        forAll("organization name", EDGE_CASES, TRIES, r -> r.nextBoolean() ? HostileStrings.hostile(r)
                : HostileStrings.validName(r), name -> {
                    boolean valid = validName(name);
                    try {
                        OrganizationView created = organizations.create(name);
                        assertThat(valid).as("accepted, so the rules say valid").isTrue();
                        assertThat(organizationNames.add(name)).as("first use of the name").isTrue();
                        assertSameBytes(organizations.get(created.id()).name(), name);
                        outcomes[0]++;
                    } catch (ValidationException e) {
                        assertThat(valid).as("refused: " + e.getMessage()).isFalse();
                        assertRefusedByTheLibrary(e, "name");
                        outcomes[1]++;
                    } catch (ConflictException e) {
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(organizationNames).contains(name);
                    }
                });
        assertThat(java.util.Arrays.stream(outcomes).boxed().toList()).as("accepted and refused values both tried")
                .allMatch(n -> n >= 5);
    }

    @Test
    void projectNamesAndDescriptionsAreStoredExactlyOrRefusedByValidation() {
        UserView owner = newUser();
        Set<String> names = new HashSet<>();
        int[] outcomes = new int[2];
        record Input(String name, String description) {
        }
        forAll("project name and description", List.of(new Input("p", ""), new Input("p2", "\u0000"),
                new Input("p3", "x".repeat(2000)), new Input("p4", "\uD83D\uDE00".repeat(2000)),
                new Input("p5", "x".repeat(2001)), new Input("p6", " \r\n\t ")), TRIES,
                r -> new Input(r.nextBoolean() ? HostileStrings.hostile(r) : HostileStrings.validName(r),
                        switch (r.nextInt(3)) {
                            case 0 -> null;
                            case 1 -> HostileStrings.hostile(r);
                            default -> HostileStrings.validDescription(r);
                        }),
                input -> {
                    boolean valid = validName(input.name())
                            && (input.description() == null || validDescription(input.description()));
                    try {
                        ProjectView created = projects.create(ProjectCreate.of(owner.id(), input.name())
                                .withDescription(input.description()));
                        assertThat(valid).as("accepted, so the rules say valid").isTrue();
                        assertThat(names.add(input.name())).as("first use of the name").isTrue();
                        ProjectView read = projects.get(created.id());
                        assertSameBytes(read.name(), input.name());
                        assertSameBytes(read.description(), input.description());
                        outcomes[0]++;
                    } catch (ValidationException e) {
                        assertThat(valid).as("refused: " + e.getMessage()).isFalse();
                        assertRefusedByTheLibrary(e, "name", "description");
                        outcomes[1]++;
                    } catch (ConflictException e) {
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(names).contains(input.name());
                    }
                });
        assertThat(java.util.Arrays.stream(outcomes).boxed().toList()).as("accepted and refused values both tried")
                .allMatch(n -> n >= 5);
    }

    @Test
    void usersAreStoredExactlyOrRefusedByValidation() {
        Set<String> usernames = new HashSet<>();
        Set<String> emails = new HashSet<>();
        int[] outcomes = new int[2];
        forAll("user", List.of(new UserCreate("abc", "a@b.cd", "x".repeat(12)),
                new UserCreate("a'b", "a'b@c.de", "'; DROP TABLE users; --"),
                new UserCreate("ab\u0000", "a\u0000@b.cd", "\u0000".repeat(12)),
                new UserCreate("xyz", "x@y.z", "\uD83D\uDE00".repeat(12))), TRIES, HostileInputContract::userInput,
                input -> {
                    // The length rule counts the password after NFKC normalisation, as it is hashed
                    long length = java.text.Normalizer.normalize(input.password(), java.text.Normalizer.Form.NFKC)
                            .codePoints().count();
                    boolean valid = USERNAME.matcher(input.username()).matches()
                            && length >= 12 && length <= 128 && noSurrogates(input.password());
                    try {
                        UserView created = users.create(input);
                        assertThat(valid).as("accepted, so the rules say valid").isTrue();
                        assertThat(usernames.add(created.username())).isTrue();
                        assertThat(emails.add(created.email().toLowerCase(Locale.ROOT))).isTrue();
                        UserView read = users.get(created.id());
                        assertSameBytes(read.username(), input.username());
                        assertSameBytes(read.email(), input.email());
                        assertThat(users.verifyCredentials(input.username(), input.password())).contains(read);
                        outcomes[0]++;
                    } catch (ValidationException e) {
                        // An e-mail address is judged by the library alone: nothing else may have refused it.
                        assertThat(valid && e.violations().stream().noneMatch(v -> v.field().equals("email")))
                                .as("refused: " + e.getMessage()).isFalse();
                        assertRefusedByTheLibrary(e, "username", "email", "password");
                        outcomes[1]++;
                    } catch (ConflictException e) {
                        assertThat(e.field()).isIn("username", "email");
                        assertThat(usernames.contains(input.username())
                                || emails.contains(input.email().toLowerCase(Locale.ROOT))).isTrue();
                    }
                });
        assertThat(java.util.Arrays.stream(outcomes).boxed().toList()).as("accepted and refused values both tried")
                .allMatch(n -> n >= 5);
    }

    @Test
    void lookupsWithHostileInputRaiseOnlyTypedErrors() {
        forAll("lookup", EDGE_CASES, TRIES, HostileStrings::hostile, value -> {
            expectOnly(() -> users.get(value));
            expectOnly(() -> users.getByUsername(value));
            expectOnly(() -> users.getByEmail(value));
            expectOnly(() -> organizations.get(value));
            expectOnly(() -> projects.listByOwner(value, PageRequest.first()));
            expectOnly(() -> users.list(dev.windsurf.data.user.UserFilter.all(), PageRequest.after(value, 1)));
            assertThat(users.verifyCredentials(value, value)).isEmpty();
        });
    }

    private static void expectOnly(Runnable call) {
        try {
            call.run();
        } catch (ValidationException | NotFoundException e) {
            assertThat(e.sqlState()).isNull();
        } catch (RuntimeException e) {
            fail("escaped: " + e, e);
        }
    }

    private static UserCreate userInput(SplittableRandom r) {
        String username = switch (r.nextInt(3)) {
            case 0 -> HostileStrings.hostile(r);
            default -> DomainFixture.unique(List.of("a", "b.c", "d_e", "f-g", "h1").get(r.nextInt(5)));
        };
        String email = switch (r.nextInt(3)) {
            case 0 -> HostileStrings.hostile(r);
            case 1 -> DomainFixture.unique("o'brien+x") + "@example.com";
            default -> DomainFixture.unique("Mixed.Case") + "@Sub.Example.ORG";
        };
        String password = switch (r.nextInt(3)) {
            case 0 -> HostileStrings.hostile(r);
            case 1 -> HostileStrings.validName(r) + "-padding-to-twelve";
            default -> "\uD83D\uDE00 long password '; --";
        };
        return new UserCreate(username, email, password);
    }
}
