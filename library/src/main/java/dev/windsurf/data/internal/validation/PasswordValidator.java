package dev.windsurf.data.internal.validation;

import dev.windsurf.data.validation.Password;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Password} with {@link TextRules#password}, reporting every rule that fails. Stateless and thread-safe. */
public final class PasswordValidator implements ConstraintValidator<Password, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Violations.report(TextRules.password(value), context);
    }
}
