package dev.windsurf.data.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.HostileStrings;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.SplittableRandom;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/**
 * {@link UserService#create} and {@link UserService#update} ask the validator only about input that breaks a rule:
 * the shortcut must agree with the validator on every input, valid or not.
 */
class UserRulesTest {

    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void shouldAgreeWithTheValidatorOnEveryNewUser() {
        List<UserCreate> edges = List.of(new UserCreate("alice", "alice@example.com", PASSWORD),
                new UserCreate(null, "a@b.c", PASSWORD), new UserCreate("alice", null, PASSWORD),
                new UserCreate("alice", "alice@example.com", null), new UserCreate("Alice", "a@b.c", PASSWORD),
                new UserCreate("al", "a@b.c", PASSWORD), new UserCreate("alice", "not-an-address", PASSWORD),
                new UserCreate("alice", "a@b.c", "short"), new UserCreate("alice", "a@b.c", "p".repeat(129)),
                new UserCreate("alice", "a@b.c", "\ud800" + PASSWORD));
        HostileStrings.forAll("the shortcut agrees with the validator", edges, 2_000, UserRulesTest::anyCreate,
                u -> assertThat(UserService.passesRules(u)).isEqualTo(VALIDATOR.validate(u).isEmpty()));
    }

    @Test
    void shouldAgreeWithTheValidatorOnEveryUpdate() {
        List<UserUpdate> edges = List.of(new UserUpdate(null, null), new UserUpdate("bob", null),
                new UserUpdate(null, "bob@example.com"), new UserUpdate("Bob", null), new UserUpdate(null, "bob"),
                new UserUpdate("", ""));
        HostileStrings.forAll("the shortcut agrees with the validator", edges, 2_000, UserRulesTest::anyUpdate,
                u -> assertThat(UserService.passesRules(u)).isEqualTo(VALIDATOR.validate(u).isEmpty()));
    }

    private static String username(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> "user" + random.nextInt(100_000);
            case 1 -> null;
            default -> HostileStrings.hostile(random);
        };
    }

    private static String email(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> "user" + random.nextInt(100_000) + "@example.com";
            case 1 -> null;
            default -> HostileStrings.hostile(random) + (random.nextBoolean() ? "@example.com" : "");
        };
    }

    private static UserCreate anyCreate(SplittableRandom random) {
        String password = switch (random.nextInt(3)) {
            case 0 -> PASSWORD;
            case 1 -> null;
            default -> HostileStrings.hostile(random);
        };
        return new UserCreate(username(random), email(random), password);
    }

    private static UserUpdate anyUpdate(SplittableRandom random) {
        return new UserUpdate(username(random), email(random));
    }
}
