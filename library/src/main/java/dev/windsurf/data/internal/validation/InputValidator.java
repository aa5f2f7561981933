package dev.windsurf.data.internal.validation;

import dev.windsurf.data.ValidationException;
import dev.windsurf.data.validation.Description;
import dev.windsurf.data.validation.EmailAddress;
import dev.windsurf.data.validation.EntityId;
import dev.windsurf.data.validation.Name;
import dev.windsurf.data.validation.Password;
import dev.windsurf.data.validation.Username;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Validates the inputs of the domain services with Hibernate Validator before any database work, and turns every
 * violation (not only the first) into one {@link ValidationException}, sorted by field and message.
 *
 * <p>Messages are interpolated by {@link ParameterMessageInterpolator}: every message of this library is literal
 * text, so no Expression Language implementation is needed at run time (one dependency fewer, and no expression
 * evaluation that a refused value could ever reach); as no message is looked up in a resource bundle, they are in
 * English whatever the default locale.
 *
 * <p>The validator is built once, on first use, and shared: thread-safe.
 */
public final class InputValidator {

    private static final Comparator<ValidationException.Violation> ORDER =
            Comparator.comparing(ValidationException.Violation::field)
                    .thenComparing(ValidationException.Violation::message);

    /** Single values checked on their own, by the name of the component that holds their constraints. */
    private record Values(
            @NotNull(message = "must not be null") @EntityId String id,
            @NotNull(message = "must not be null") @Name String name,
            @Description String description,
            @NotNull(message = "must not be null") @Username String username,
            @NotNull(message = "must not be null") @EmailAddress String email,
            @NotNull(message = "must not be null") @Password String password,
            @NotNull(message = "must not be null") String required) {
    }

    private static final class Holder {
        private static final ValidatorFactory FACTORY = Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        private static final Validator VALIDATOR = FACTORY.getValidator();
    }

    private InputValidator() {
    }

    /** Starts collecting the violations of one call's inputs. */
    public static Check check() {
        return new Check(Holder.VALIDATOR);
    }

    /** The violations of one call's inputs. Not thread-safe: one per call. */
    public static final class Check {

        private final Validator validator;
        private final List<ValidationException.Violation> violations = new ArrayList<>();

        private Check(Validator validator) {
            this.validator = validator;
        }

        /** Validates a record carrying constraint annotations; its component names are the fields. */
        public Check bean(Object bean) {
            Objects.requireNonNull(bean, "bean cannot be null");
            for (ConstraintViolation<Object> v : validator.validate(bean)) {
                add(v.getPropertyPath().toString(), v.getMessage());
            }
            return this;
        }

        /**
         * Validates one element of a list of records; its violations are reported as {@code prefix.component}, e.g.
         * {@code projects[3].name}.
         */
        public Check element(String prefix, Object bean) {
            Objects.requireNonNull(bean, "bean cannot be null");
            for (ConstraintViolation<Object> v : validator.validate(bean)) {
                add(prefix + "." + v.getPropertyPath(), v.getMessage());
            }
            return this;
        }

        /** A required id ({@code @NotNull @EntityId}) reported as {@code field}. */
        public Check id(String field, String value) {
            // A valid value has no violation to report: the rule alone (what @EntityId runs) decides it, without the
            // validator's reflection; an invalid one goes through the validator for its messages.
            if (value != null && TextRules.entityId(value).isEmpty()) {
                return this;
            }
            return value(field, "id", value);
        }

        /** An optional id: null is valid. */
        public Check optionalId(String field, String value) {
            return value == null ? this : id(field, value);
        }

        /** A required name ({@code @NotNull @Name}). */
        public Check name(String field, String value) {
            return value(field, "name", value);
        }

        /** An optional description ({@code @Description}). */
        public Check description(String field, String value) {
            return value(field, "description", value);
        }

        /** A required user name ({@code @NotNull @Username}). */
        public Check username(String field, String value) {
            if (value != null && TextRules.username(value).isEmpty()) {
                return this; // as for id: only an invalid value needs the validator's messages
            }
            return value(field, "username", value);
        }

        /** A required e-mail address ({@code @NotNull @EmailAddress}). */
        public Check email(String field, String value) {
            return value(field, "email", value);
        }

        /** A required password ({@code @NotNull @Password}). */
        public Check password(String field, String value) {
            return value(field, "password", value);
        }

        /** Any value that must not be null. */
        public Check required(String field, String value) {
            return value(field, "required", value);
        }

        /** Adds a violation found by other means. */
        public Check add(String field, String message) {
            violations.add(new ValidationException.Violation(field, message));
            return this;
        }

        /** Whether no violation was found so far. */
        public boolean valid() {
            return violations.isEmpty();
        }

        /**
         * @throws ValidationException listing every violation, when there is one
         */
        public void orThrow() {
            if (!violations.isEmpty()) {
                List<ValidationException.Violation> sorted = new ArrayList<>(violations);
                sorted.sort(ORDER);
                throw new ValidationException(sorted);
            }
        }

        private Check value(String field, String property, String value) {
            for (ConstraintViolation<Values> v : validator.validateValue(Values.class, property, value)) {
                add(field, v.getMessage());
            }
            return this;
        }
    }
}
