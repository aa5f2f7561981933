package dev.windsurf.data.internal.validation;

import dev.windsurf.data.validation.Description;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Description} with {@link TextRules#description}, reporting every rule that fails. Stateless and thread-safe. */
public final class DescriptionValidator implements ConstraintValidator<Description, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Violations.report(TextRules.description(value), context);
    }
}
