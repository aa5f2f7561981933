package dev.windsurf.lint.internal;

import java.util.List;

/** Reads a token list from left to right. Not thread-safe. */
final class Cursor {

    private final List<Token> tokens;
    private int index;

    Cursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    boolean done() {
        return index >= tokens.size();
    }

    Token peek() {
        return done() ? null : tokens.get(index);
    }

    Token next() {
        return done() ? null : tokens.get(index++);
    }

    int position() {
        return index;
    }

    /** Whether the next tokens are these words. */
    boolean at(String... words) {
        for (int k = 0; k < words.length; k++) {
            if (index + k >= tokens.size() || !tokens.get(index + k).is(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** Consumes the words when they come next. */
    boolean accept(String... words) {
        if (at(words)) {
            index += words.length;
            return true;
        }
        return false;
    }

    /** A possibly qualified name ({@code schema.table}); returns its last part as PostgreSQL folds it, or null. */
    String name() {
        String last = null;
        while (!done() && (peek().kind() == Token.Kind.WORD || peek().kind() == Token.Kind.QUOTED_NAME)) {
            last = next().name();
            if (!done() && peek().isSymbol(".")) {
                next();
            } else {
                break;
            }
        }
        return last;
    }

    /** The tokens not read yet. */
    List<Token> rest() {
        return tokens.subList(Math.min(index, tokens.size()), tokens.size());
    }
}
