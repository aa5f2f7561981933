package dev.windsurf.data.internal.schema;

/**
 * Text from a database (table, column, constraint and index names) or from a user (a revision message) made safe to
 * print on one line: in a console line, a log line, or an SQL {@code --} comment. Stateless and thread-safe.
 */
public final class OneLine {

    private OneLine() {
    }

    /**
     * The text with every character that could end a line or hide text escaped: control characters ({@code \n},
     * {@code \r}, vertical tab, form feed, NEL U+0085 …), the line and paragraph separators U+2028 and U+2029, and
     * format characters such as bidirectional overrides. {@code \n}, {@code \r} and {@code \t} become those two
     * characters; the others {@code \}{@code uXXXX}.
     */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (breaksOrHides(c)) {
                        out.append(c > 0xFFFF ? String.format("\\U%08X", c) : String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /**
     * {@link #of} for the inside of an SQL {@code --} comment line of a Flyway migration: also no {@code ${} (Flyway
     * would read a placeholder even in a comment) and no {@code /*} or {@code *}{@code /}.
     */
    public static String sqlComment(String text) {
        return of(text).replace("${", "$\\{").replace("/*", "/\\*").replace("*/", "*\\/");
    }

    private static boolean breaksOrHides(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.FORMAT,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
