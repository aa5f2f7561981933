package dev.windsurf.lint.internal;

/**
 * A {@code --} or {@code /* *}{@code /} comment.
 *
 * @param text the comment without its markers
 * @param line the 1-based line it starts on
 */
record Comment(String text, int line) {
}
