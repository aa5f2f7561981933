package dev.windsurf.data.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.windsurf.data.internal.validation.PasswordValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A password: 12 to 128 characters, counted as Unicode code points after NFKC normalisation (as it is hashed),
 * any character allowed, but no unpaired
 * surrogate (it could not be encoded, so two different passwords would hash alike). Null is valid (combine with
 * {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = PasswordValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Password {

    /** The message of a violation; the validator reports each rule that fails with its own message. */
    String message() default "must be 12 to 128 characters";

    /** Validation groups. */
    Class<?>[] groups() default {};

    /** Payload. */
    Class<? extends Payload>[] payload() default {};
}
