package dev.windsurf.data.internal.validation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules behind the constraints of {@code dev.windsurf.data.validation}, as plain functions that return the
 * message of every rule a value breaks (empty when it is valid). Lengths count Unicode code points, as the database's
 * {@code length()} does on both engines, not UTF-16 units. Stateless and thread-safe.
 */
public final class TextRules {

    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 32;
    public static final int EMAIL_MAX = 254;
    public static final int EMAIL_LOCAL_MAX = 64;
    public static final int PASSWORD_MIN = 12;
    public static final int PASSWORD_MAX = 128;
    public static final int NAME_MIN = 1;
    public static final int NAME_MAX = 100;
    public static final int DESCRIPTION_MAX = 2000;

    static final String USERNAME_MESSAGE = "must be " + USERNAME_MIN + " to " + USERNAME_MAX
            + " characters of a-z, 0-9, '_', '.' or '-'";
    static final String EMAIL_MESSAGE = "must be a well-formed e-mail address of ASCII characters, such as"
            + " name@example.com";
    static final String ID_MESSAGE = "must be a lowercase UUID of 36 characters, such as"
            + " 019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091";

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{" + USERNAME_MIN + "," + USERNAME_MAX + "}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** RFC 5322 dot-atom: atext runs separated by single dots. */
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** At least two labels of letters, digits and inner hyphens, each 1 to 63 characters. */
    private static final Pattern DOMAIN = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private TextRules() {
    }

    public static List<String> username(String value) {
        return USERNAME.matcher(value).matches() ? List.of() : List.of(USERNAME_MESSAGE);
    }

    public static List<String> entityId(String value) {
        return ID.matcher(value).matches() ? List.of() : List.of(ID_MESSAGE);
    }

    public static List<String> email(String value) {
        List<String> problems = new ArrayList<>(2);
        if (value.length() > EMAIL_MAX) {
            problems.add("must be at most " + EMAIL_MAX + " characters");
        }
        int at = value.lastIndexOf('@');
        boolean wellFormed = at > 0 && at <= EMAIL_LOCAL_MAX
                && LOCAL_PART.matcher(value).region(0, at).matches()
                && DOMAIN.matcher(value).region(at + 1, value.length()).matches();
        if (!wellFormed) {
            problems.add(EMAIL_MESSAGE);
        }
        return problems;
    }

    public static List<String> password(String value) {
        List<String> problems = new ArrayList<>(2);
        // Counted as hashed: after NFKC (NIST SP 800-63B), so that six 'e' + combining accent are six characters.
        String normalised = Normalizer.normalize(value, Normalizer.Form.NFKC);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
            problems.add("must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
        }
        if (hasUnpairedSurrogate(value)) {
            problems.add("must not contain unpaired surrogates");
        }
        return problems;
    }

    public static List<String> name(String value) {
        List<String> problems = new ArrayList<>(3);
        int length = value.codePointCount(0, value.length());
        if (length < NAME_MIN || length > NAME_MAX) {
            problems.add("must be " + NAME_MIN + " to " + NAME_MAX + " characters");
        }
        if (hasControl(value, false)) {
            problems.add("must not contain control characters");
        }
        if (!value.isEmpty() && (isSpace(value.codePointAt(0))
                || isSpace(value.codePointBefore(value.length())))) {
            problems.add("must not start or end with whitespace");
        }
        if (hasUnpairedSurrogate(value)) {
            problems.add("must not contain unpaired surrogates");
        }
        return problems;
    }

    public static List<String> description(String value) {
        List<String> problems = new ArrayList<>(3);
        if (value.codePointCount(0, value.length()) > DESCRIPTION_MAX) {
            problems.add("must be at most " + DESCRIPTION_MAX + " characters");
        }
        if (hasControl(value, true)) {
            problems.add("must not contain control characters other than line feed, carriage return and tab");
        }
        if (hasUnpairedSurrogate(value)) {
            problems.add("must not contain unpaired surrogates");
        }
        return problems;
    }

    /** Whether the text holds a C0 or C1 control character (optionally allowing tab, line feed, carriage return). */
    static boolean hasControl(String value, boolean allowLineBreaks) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x1f || c >= 0x7f && c <= 0x9f) {
                if (!(allowLineBreaks && (c == '\n' || c == '\r' || c == '\t'))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the text holds a high surrogate not followed by a low one, or a low one not preceded by a high one. */
    static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }
}
