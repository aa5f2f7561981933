package dev.windsurf.data.internal.validation;

import dev.windsurf.data.validation.EntityId;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link EntityId} with {@link TextRules#entityId}, reporting every rule that fails. Stateless and thread-safe. */
public final class EntityIdValidator implements ConstraintValidator<EntityId, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Violations.report(TextRules.entityId(value), context);
    }
}
