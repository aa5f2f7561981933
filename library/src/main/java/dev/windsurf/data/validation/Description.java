package dev.windsurf.data.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.windsurf.data.internal.validation.DescriptionValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A description: at most 2,000 characters counted as Unicode code points; line feed, carriage return and tab are
 * allowed, other control characters and unpaired surrogates are not. Leading and trailing whitespace is kept as
 * given. Null is valid (it means no description).
 */
@Documented
@Constraint(validatedBy = DescriptionValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Description {

    /** {@return the message of a violation; the validator reports each rule that fails with its own message} */
    String message() default "must be a description of at most 2000 characters";

    /** {@return the validation groups the rule applies in (default: none, which is the default group)} */
    Class<?>[] groups() default {};

    /** {@return the payload types a client attaches to the violation (default: none)} */
    Class<? extends Payload>[] payload() default {};
}
