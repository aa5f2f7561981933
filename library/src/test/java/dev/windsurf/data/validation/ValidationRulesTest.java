package dev.windsurf.data.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.PageRequest;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.ValidationException.Violation;
import dev.windsurf.data.internal.validation.InputValidator;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserFilter;
import dev.windsurf.data.user.UserUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of the domain's inputs: each violation names the property path and says what is wrong. */
class ValidationRulesTest {

    private static final String ID = "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091";
    private static final String PASSWORD = "correct horse battery";

    private static List<Violation> violations(Object bean) {
        try {
            InputValidator.check().bean(bean).orThrow();
            return List.of();
        } catch (ValidationException e) {
            return e.violations();
        }
    }

    private static Violation v(String field, String message) {
        return new Violation(field, message);
    }

    @Test
    void shouldAcceptAValidUser() {
        assertThat(violations(new UserCreate("alice.b-c_1", "Alice.B+tag@Example.COM", PASSWORD))).isEmpty();
    }

    @Test
    void shouldReportEveryViolationOfAUserNotOnlyTheFirst() {
        List<Violation> found = violations(new UserCreate("Al", "not-an-address", "short"));

        assertThat(found).containsExactly(
                v("email", "must be a well-formed e-mail address of ASCII characters, such as name@example.com"),
                v("password", "must be 12 to 128 characters"),
                v("username", "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'"));
    }

    @Test
    void shouldReportNullFieldsByPath() {
        assertThat(violations(new UserCreate(null, null, null))).containsExactly(
                v("email", "must not be null"), v("password", "must not be null"), v("username", "must not be null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "abcdefghijklmnopqrstuvwxyz0123456", "Alice", "al ice", "al@ce", "ålice", "al\u0000ce"})
    void shouldRefuseUsernamesOutsideTheRule(String username) {
        assertThat(violations(new UserCreate(username, "a@example.com", PASSWORD)))
                .containsExactly(v("username", "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "abcdefghijklmnopqrstuvwxyz012345", "a.b", "a_b", "a-b", "..."})
    void shouldAcceptUsernamesInsideTheRule(String username) {
        assertThat(violations(new UserCreate(username, "a@example.com", PASSWORD))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "@example.com", "a@", "a@example", "a..b@example.com", ".a@example.com",
            "a.@example.com", "a@-example.com", "a@example-.com", "a@exa mple.com", "a b@example.com",
            "josé@example.com", "a@exämple.com", "a@example..com", "a@@example.com", "a\n@example.com",
            "a@example.com\n", " a@example.com"})
    void shouldRefuseMalformedEmails(String email) {
        assertThat(violations(new UserCreate("alice", email, PASSWORD))).containsExactly(
                v("email", "must be a well-formed e-mail address of ASCII characters, such as name@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.com", "A.B@EXAMPLE.COM", "x+y@sub.example.co.uk", "o'brien@example.ie",
            "a!#$%&'*+/=?^_`{|}~-@example.com", "user@xn--bcher-kva.example", "1@2.3"})
    void shouldAcceptWellFormedAsciiEmails(String email) {
        assertThat(violations(new UserCreate("alice", email, PASSWORD))).isEmpty();
    }

    @Test
    void shouldRefuseEmailsLongerThan254AndLocalPartsLongerThan64() {
        String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(63) + ".com";
        assertThat(violations(new UserCreate("alice", "a@" + domain, PASSWORD)))
                .containsExactly(v("email", "must be at most 254 characters"));
        assertThat(violations(new UserCreate("alice", "a".repeat(65) + "@example.com", PASSWORD))).containsExactly(
                v("email", "must be a well-formed e-mail address of ASCII characters, such as name@example.com"));
        assertThat(violations(new UserCreate("alice", "a".repeat(64) + "@example.com", PASSWORD))).isEmpty();
    }

    @Test
    void shouldCountPasswordLengthInCodePoints() {
        String twelveEmoji = "\uD83D\uDE00".repeat(12);          // 24 UTF-16 units
        String elevenEmoji = "\uD83D\uDE00".repeat(11);
        String maxEmoji = "\uD83D\uDE00".repeat(128);            // 256 UTF-16 units

        assertThat(violations(new UserCreate("alice", "a@example.com", twelveEmoji))).isEmpty();
        assertThat(violations(new UserCreate("alice", "a@example.com", maxEmoji))).isEmpty();
        assertThat(violations(new UserCreate("alice", "a@example.com", elevenEmoji)))
                .containsExactly(v("password", "must be 12 to 128 characters"));
        assertThat(violations(new UserCreate("alice", "a@example.com", "x".repeat(129))))
                .containsExactly(v("password", "must be 12 to 128 characters"));
    }

    @Test
    void shouldRefuseUnpairedSurrogatesInPasswords() {
        assertThat(violations(new UserCreate("alice", "a@example.com", "long enough \uD83D password")))
                .containsExactly(v("password", "must not contain unpaired surrogates"));
    }

    @Test
    void shouldCountNameLengthInCodePointsAsTheDatabaseDoes() {
        String hundredAstral = "\uD800\uDF48".repeat(100);        // 100 code points, 200 UTF-16 units
        assertThat(violations(ProjectCreate.of(ID, hundredAstral))).isEmpty();
        assertThat(violations(ProjectCreate.of(ID, hundredAstral + "x")))
                .containsExactly(v("name", "must be 1 to 100 characters"));
        assertThat(violations(ProjectCreate.of(ID, "e\u0301".repeat(50)))).isEmpty();      // combining marks count
        assertThat(violations(ProjectCreate.of(ID, "e\u0301".repeat(50) + "e")))
                .containsExactly(v("name", "must be 1 to 100 characters"));
    }

    @Test
    void shouldReportEveryRuleANameBreaks() {
        assertThat(violations(ProjectCreate.of(ID, " \u0000" + "x".repeat(100) + "\uDC00"))).containsExactly(
                v("name", "must be 1 to 100 characters"),
                v("name", "must not contain control characters"),
                v("name", "must not contain unpaired surrogates"),
                v("name", "must not start or end with whitespace"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" Acme", "Acme ", "\u00a0Acme", "Acme\u3000", "Acme\u2028"})
    void shouldRefuseNamesWithWhitespaceAtEitherEnd(String name) {
        assertThat(violations(ProjectCreate.of(ID, name)))
                .contains(v("name", "must not start or end with whitespace"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\tb", "a\nb", "a\u001fb", "a\u007fb", "a\u0085b", "a\u009fb"})
    void shouldRefuseControlCharactersInNames(String name) {
        assertThat(violations(ProjectCreate.of(ID, name)))
                .containsExactly(v("name", "must not contain control characters"));
    }

    @Test
    void shouldRefuseAnEmptyName() {
        assertThat(violations(ProjectCreate.of(ID, ""))).containsExactly(v("name", "must be 1 to 100 characters"));
    }

    @Test
    void shouldAllowLineBreaksAndTabsInDescriptionsButNoOtherControls() {
        assertThat(violations(ProjectCreate.of(ID, "p").withDescription(" line one\r\n\tline two \n"))).isEmpty();
        assertThat(violations(ProjectCreate.of(ID, "p").withDescription("bell\u0007"))).containsExactly(
                v("description", "must not contain control characters other than line feed, carriage return and tab"));
        assertThat(violations(ProjectCreate.of(ID, "p").withDescription("\uD83D\uDE00".repeat(2000)))).isEmpty();
        assertThat(violations(ProjectCreate.of(ID, "p").withDescription("x".repeat(2001))))
                .containsExactly(v("description", "must be at most 2000 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "019A4B6E-7C1D-7E2F-8A3B-4C5D6E7F8091", "019a4b6e7c1d7e2f8a3b4c5d6e7f8091",
            "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f809", "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091 ", "'; DROP TABLE users; --",
            "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f809g"})
    void shouldRefuseMalformedIds(String id) {
        assertThat(violations(ProjectCreate.of(id, "p").inOrganization(id))).containsExactly(
                v("organizationId", "must be a lowercase UUID of 36 characters, such as 019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091"),
                v("ownerId", "must be a lowercase UUID of 36 characters, such as 019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091"));
    }

    @Test
    void shouldTreatNullFieldsOfAnUpdateAsUnchanged() {
        assertThat(violations(UserUpdate.none())).isEmpty();
        assertThat(violations(UserUpdate.username("BAD NAME").withEmail("bad"))).containsExactly(
                v("email", "must be a well-formed e-mail address of ASCII characters, such as name@example.com"),
                v("username", "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'"));
    }

    @Test
    void shouldRefuseLimitsOutsideOneToTheCap() {
        assertThat(violations(PageRequest.first(PageRequest.MAX_LIMIT))).isEmpty();
        assertThat(violations(PageRequest.first(PageRequest.MAX_LIMIT + 1)))
                .containsExactly(v("limit", "must be between 1 and 200"));
        assertThat(violations(PageRequest.first(0))).containsExactly(v("limit", "must be between 1 and 200"));
        assertThat(violations(new UserFilter(null, "nope"))).containsExactly(
                v("organizationId", "must be a lowercase UUID of 36 characters, such as 019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091"));
    }

    @Test
    void shouldCombineSingleValuesAndRecordsIntoOneSortedException() {
        assertThatThrownBy(() -> InputValidator.check().id("projectId", "x").id("newOwnerId", null)
                .bean(PageRequest.first(0)).orThrow())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations()).containsExactly(
                            v("limit", "must be between 1 and 200"),
                            v("newOwnerId", "must not be null"),
                            v("projectId", "must be a lowercase UUID of 36 characters, such as"
                                    + " 019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091"));
                    assertThat(e.getMessage()).startsWith("Invalid input: limit: must be between 1 and 200; ");
                });
    }

    @Test
    void shouldNeverShowThePasswordOfACreateRequest() {
        assertThat(new UserCreate("alice", "a@example.com", PASSWORD).toString())
                .doesNotContain(PASSWORD).contains("alice").contains("****");
    }
}
