package dev.windsurf.lint.internal;

import java.util.Locale;

/**
 * One lexical token of a SQL script.
 *
 * @param kind what it is
 * @param text the source text (for strings and quoted names: without the quotes)
 * @param line the 1-based line it starts on
 */
record Token(Kind kind, String text, int line) {

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, SYMBOL }

    /** Whether this is the keyword or unquoted name {@code word}, in any case. */
    boolean is(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** An identifier as PostgreSQL folds it: unquoted names in lower case, quoted names as written. */
    String name() {
        return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : text;
    }

    String upper() {
        return text.toUpperCase(Locale.ROOT);
    }
}
