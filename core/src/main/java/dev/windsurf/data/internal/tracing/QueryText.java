package dev.windsurf.data.internal.tracing;

import java.util.Locale;

/**
 * SQL as traces may show it: every literal (quoted strings, {@code E'…'}, dollar-quoted strings, numbers) replaced by
 * {@code ?} and comments removed, so that no value reaches a trace even when a statement was rendered with inlined
 * values. Identifiers, keywords and bind markers ({@code ?}, {@code $1}) are kept. Stateless and thread-safe.
 */
public final class QueryText {

    private QueryText() {
    }

    /** The statement with its literals replaced by {@code ?} and its comments removed. */
    public static String withoutLiterals(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, isEscapeString(sql, i));
                out.append('?');
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '$' && i + 1 < n && !Character.isDigit(sql.charAt(i + 1))) {
                int tagEnd = sql.indexOf('$', i + 1);
                String tag = tagEnd < 0 ? null : sql.substring(i, tagEnd + 1);
                if (tag != null && tag.chars().skip(1).limit(tag.length() - 2L)
                        .allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                    out.append('?');
                } else {
                    out.append(c);
                    i++;
                }
            } else if (c == '$') {
                int end = i + 1;
                while (end < n && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                out.append(sql, i, end);
                i = end;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
                    out.append(c);
                    i++;
                    continue;
                }
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.'
                        || (sql.charAt(end) == '+' || sql.charAt(end) == '-')
                        && Character.toLowerCase(sql.charAt(end - 1)) == 'e')) {
                    end++;
                }
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The statement's first keyword in upper case ({@code SELECT}, {@code INSERT}, …), or null when it starts with
     * none.
     */
    public static String operationName(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n && !Character.isLetter(sql.charAt(i))) {
            i++;
        }
        int end = i;
        while (end < n && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        return end == i ? null : sql.substring(i, end).toUpperCase(Locale.ROOT);
    }

    private static boolean isEscapeString(String sql, int quote) {
        return quote > 0 && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
                && (quote == 1 || !isIdentifierPart(sql.charAt(quote - 2)));
    }

    private static int skipQuoted(String sql, int start, boolean backslashEscapes) {
        int n = sql.length();
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
