package dev.windsurf.data.internal.validation;

import dev.windsurf.data.validation.EmailAddress;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link EmailAddress} with {@link TextRules#email}, reporting every rule that fails. Stateless and thread-safe. */
public final class EmailAddressValidator implements ConstraintValidator<EmailAddress, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Violations.report(TextRules.email(value), context);
    }
}
