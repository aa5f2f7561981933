package dev.windsurf.lint.internal;

import java.util.List;

/**
 * One statement of a script: its tokens (without the closing semicolon) and the comments written above it, inside
 * it or after it on its last line.
 *
 * @param tokens   the tokens, never empty
 * @param comments the comments that belong to it
 */
record Statement(List<Token> tokens, List<Comment> comments) {

    Statement {
        tokens = List.copyOf(tokens);
        comments = List.copyOf(comments);
    }

    int line() {
        return tokens.getFirst().line();
    }
}
