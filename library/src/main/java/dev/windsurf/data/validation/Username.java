package dev.windsurf.data.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.windsurf.data.internal.validation.UsernameValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A user name: 3 to 32 characters of {@code a-z}, {@code 0-9}, {@code _}, {@code .} and {@code -}, the same rule as
 * the database's {@code ck_users_username_format}. Lower case only, so that there is no question of case folding.
 * Null is valid (combine with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = UsernameValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Username {

    /** {@return the message of a violation; the validator reports each rule that fails with its own message} */
    String message() default "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'";

    /** {@return the validation groups the rule applies in (default: none, which is the default group)} */
    Class<?>[] groups() default {};

    /** {@return the payload types a client attaches to the violation (default: none)} */
    Class<? extends Payload>[] payload() default {};
}
