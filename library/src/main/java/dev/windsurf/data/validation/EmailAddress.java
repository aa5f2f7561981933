package dev.windsurf.data.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.windsurf.data.internal.validation.EmailAddressValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An e-mail address: at most 254 characters of ASCII, a dot-atom local part of at most 64 characters, {@code @}, and a
 * domain of at least two labels of letters, digits and inner hyphens (internationalised domains in their
 * {@code xn--} form).
 *
 * <p>Why ASCII only: uniqueness is enforced by the database index {@code lower(email)}, and SQLite's
 * {@code lower()} folds ASCII letters only while PostgreSQL's folds all of Unicode. Restricted to ASCII, the two
 * engines agree on which addresses are duplicates. Null is valid (combine with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = EmailAddressValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface EmailAddress {

    /** {@return the message of a violation; the validator reports each rule that fails with its own message} */
    String message() default "must be a well-formed e-mail address";

    /** {@return the validation groups the rule applies in (default: none, which is the default group)} */
    Class<?>[] groups() default {};

    /** {@return the payload types a client attaches to the violation (default: none)} */
    Class<? extends Payload>[] payload() default {};
}
