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

    /** The message of a violation; the validator reports each rule that fails with its own message. */
    String message() default "must be a description of at most 2000 characters";

    /** Validation groups. */
    Class<?>[] groups() default {};

    /** Payload. */
    Class<? extends Payload>[] payload() default {};
}
