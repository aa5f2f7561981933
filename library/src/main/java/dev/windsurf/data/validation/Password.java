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

    /** {@return the message of a violation; the validator reports each rule that fails with its own message} */
    String message() default "must be 12 to 128 characters";

    /** {@return the validation groups the rule applies in (default: none, which is the default group)} */
    Class<?>[] groups() default {};

    /** {@return the payload types a client attaches to the violation (default: none)} */
    Class<? extends Payload>[] payload() default {};
}
