package dev.windsurf.data.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.windsurf.data.internal.validation.NameValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The name of an organization or a project: 1 to 100 characters counted as Unicode code points (as the database's
 * {@code length()} counts them, so that an emoji counts once, as it does in the CHECK constraint), no control
 * characters (U+0000 to U+001F, U+007F to U+009F: PostgreSQL refuses NUL), no unpaired surrogates, and no
 * whitespace at the start or the end: names are stored exactly as given, so they are refused rather than trimmed.
 * Null is valid (combine with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = NameValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Name {

    /** {@return the message of a violation; the validator reports each rule that fails with its own message} */
    String message() default "must be a name of 1 to 100 characters";

    /** {@return the validation groups the rule applies in (default: none, which is the default group)} */
    Class<?>[] groups() default {};

    /** {@return the payload types a client attaches to the violation (default: none)} */
    Class<? extends Payload>[] payload() default {};
}
