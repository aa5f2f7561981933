package dev.windsurf.data.internal.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits an SQL script into statements at the semicolons that end them: not inside quotes ({@code '…'},
 * {@code "…"}), comments ({@code --…}, {@code /*…*&#47;}), PostgreSQL dollar quotes ({@code $$…$$},
 * {@code $tag$…$tag$}), nor inside the {@code BEGIN … END} body of a {@code CREATE TRIGGER}. Statements that hold
 * only comments are dropped. Stateless and thread-safe.
 */
public final class SqlScript {

    private static final Pattern TRIGGER = Pattern.compile(
            "(?is)^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*");

    private SqlScript() {
    }

    /** One statement and the line it starts on (1-based), for messages. */
    public record Statement(String sql, int line) {
    }

    /** The statements of a script, in order. */
    public static List<Statement> split(String script) {
        List<Statement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int blockDepth = 0;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(script, i, end);
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = closingQuote(script, i, c);
                if (startLine < 0) {
                    startLine = line;
                }
                line += count(script, i, end);
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '$') {
                String tag = dollarTag(script, i);
                if (tag != null) {
                    int close = script.indexOf(tag, i + tag.length());
                    int end = close < 0 ? n : close + tag.length();
                    if (startLine < 0) {
                        startLine = line;
                    }
                    line += count(script, i, end);
                    current.append(script, i, end);
                    i = end;
                    continue;
                }
            }
            if (Character.isLetter(c) && (i == 0 || !isWordChar(script.charAt(i - 1)))) {
                int end = i;
                while (end < n && isWordChar(script.charAt(end))) {
                    end++;
                }
                String word = script.substring(i, end).toUpperCase(Locale.ROOT);
                if (startLine < 0) {
                    startLine = line;
                }
                current.append(script, i, end);
                i = end;
                boolean opens = word.equals("BEGIN") || word.equals("CASE");
                if ((opens || word.equals("END") && blockDepth > 0)
                        && TRIGGER.matcher(withoutComments(current.toString())).matches()) {
                    blockDepth += opens ? 1 : -1;
                }
                continue;
            }
            if (c == ';' && blockDepth == 0) {
                finish(current, startLine, out);
                current.setLength(0);
                startLine = -1;
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (!Character.isWhitespace(c) && startLine < 0) {
                startLine = line;
            }
            current.append(c);
            i++;
        }
        finish(current, startLine, out);
        return List.copyOf(out);
    }

    private static void finish(StringBuilder current, int startLine, List<Statement> out) {
        String sql = current.toString().strip();
        if (!withoutComments(sql).isBlank()) {
            out.add(new Statement(sql, Math.max(startLine, 1)));
        }
    }

    /** The statement with its comments removed, for checks and short messages. */
    public static String withoutComments(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && next == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else if (c == '\'' || c == '"') {
                int end = closingQuote(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().strip();
    }

    private static int closingQuote(String s, int open, char quote) {
        int i = open + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    private static String dollarTag(String s, int at) {
        int i = at + 1;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '$' && (i == at + 1 || !Character.isDigit(s.charAt(at + 1)))) {
            return s.substring(at, i + 1);
        }
        return null;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
