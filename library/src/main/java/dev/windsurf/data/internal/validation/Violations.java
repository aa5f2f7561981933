package dev.windsurf.data.internal.validation;

import jakarta.validation.ConstraintValidatorContext;
import java.util.List;

/** Reports the messages of {@link TextRules} as constraint violations, one each. */
final class Violations {

    private Violations() {
    }

    /** Adds one violation per message; true when there is none. */
    static boolean report(List<String> messages, ConstraintValidatorContext context) {
        if (messages.isEmpty()) {
            return true;
        }
        if (context != null) {
            context.disableDefaultConstraintViolation();
            for (String message : messages) {
                context.buildConstraintViolationWithTemplate(escape(message)).addConstraintViolation();
            }
        }
        return false;
    }

    /** Our messages are literal text: escape what the message interpolator would read as parameters. */
    private static String escape(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
