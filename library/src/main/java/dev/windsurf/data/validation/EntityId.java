package dev.windsurf.data.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.windsurf.data.internal.validation.EntityIdValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An id of a row: a UUID in its 36-character lowercase form, such as
 * {@code 019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091}. Null is valid (combine with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = EntityIdValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface EntityId {

    /** {@return the message of a violation; the validator reports each rule that fails with its own message} */
    String message() default "must be a lowercase UUID of 36 characters";

    /** {@return the validation groups the rule applies in (default: none, which is the default group)} */
    Class<?>[] groups() default {};

    /** {@return the payload types a client attaches to the violation (default: none)} */
    Class<? extends Payload>[] payload() default {};
}
