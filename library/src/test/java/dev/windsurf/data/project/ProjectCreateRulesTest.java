package dev.windsurf.data.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.HostileStrings;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectService#createAll} asks the validator only about projects that break a rule: its shortcut must agree
 * with the validator on every project, valid or not, or a project could slip through unvalidated.
 */
class ProjectCreateRulesTest {

    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static final String ID = "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091";

    @Test
    void shouldAgreeWithTheValidatorOnEveryProject() {
        List<ProjectCreate> edges = List.of(ProjectCreate.of(ID, "fine"), ProjectCreate.of(null, "x"),
                ProjectCreate.of(ID, null), ProjectCreate.of(ID, ""), ProjectCreate.of(ID, " padded "),
                ProjectCreate.of(ID.toUpperCase(java.util.Locale.ROOT), "x"), ProjectCreate.of(ID, "x").withDescription(""),
                ProjectCreate.of(ID, "x").withDescription("tab\tline\nreturn\r"),
                ProjectCreate.of(ID, "x").withDescription("nul\u0000"), ProjectCreate.of(ID, "x").inOrganization("org"),
                ProjectCreate.of(ID, "x").inOrganization(ID), ProjectCreate.of(ID, "a".repeat(101)),
                ProjectCreate.of(ID, "x").withDescription("d".repeat(2001)), ProjectCreate.of(ID, "\ud800"));
        HostileStrings.forAll("the shortcut agrees with the validator", edges, 2_000, ProjectCreateRulesTest::any,
                p -> assertThat(ProjectService.passesRules(p)).isEqualTo(VALIDATOR.validate(p).isEmpty()));
    }

    private static ProjectCreate any(SplittableRandom random) {
        String owner = random.nextInt(4) == 0 ? HostileStrings.hostile(random) : UUID.randomUUID().toString();
        String name = random.nextBoolean() ? HostileStrings.validName(random) : HostileStrings.hostile(random);
        String description = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> HostileStrings.validDescription(random);
            default -> HostileStrings.hostile(random);
        };
        String organization = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> UUID.randomUUID().toString();
            default -> HostileStrings.hostile(random);
        };
        return new ProjectCreate(owner, name, description, organization);
    }
}
