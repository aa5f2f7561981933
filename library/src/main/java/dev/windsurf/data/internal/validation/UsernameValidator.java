package dev.windsurf.data.internal.validation;

import dev.windsurf.data.validation.Username;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Username} with {@link TextRules#username}, reporting every rule that fails. Stateless and thread-safe. */
public final class UsernameValidator implements ConstraintValidator<Username, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Violations.report(TextRules.username(value), context);
    }
}
