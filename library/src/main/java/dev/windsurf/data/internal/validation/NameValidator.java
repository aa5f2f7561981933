package dev.windsurf.data.internal.validation;

import dev.windsurf.data.validation.Name;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Name} with {@link TextRules#name}, reporting every rule that fails. Stateless and thread-safe. */
public final class NameValidator implements ConstraintValidator<Name, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Violations.report(TextRules.name(value), context);
    }
}
