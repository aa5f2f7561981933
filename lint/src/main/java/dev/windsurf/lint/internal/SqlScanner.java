package dev.windsurf.lint.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements the way PostgreSQL's and SQLite's own parsers see them: string literals
 * ({@code '…'}, {@code E'…'} with backslash escapes), dollar quoting ({@code $$…$$}, {@code $tag$…$tag$}), quoted
 * names ({@code "…"}, {@code `…`}), nested block comments and line comments never end a statement; {@code BEGIN …
 * END} bodies of triggers and {@code BEGIN ATOMIC} functions keep their inner semicolons. Stateless.
 */
final class SqlScanner {

    /**
     * What a script holds.
     *
     * @param statements the statements, in order
     * @param error      why the rest of the script could not be read (an unterminated string or comment), or null
     * @param errorLine  where that started
     */
    record Result(List<Statement> statements, String error, int errorLine) {
    }

    private final String sql;
    private int pos;
    private int line = 1;

    private final List<Statement> statements = new ArrayList<>();
    private List<Token> tokens = new ArrayList<>();
    private List<Comment> comments = new ArrayList<>();
    private int lastStatementEndLine = -1;
    private int blockDepth;

    private SqlScanner(String sql) {
        this.sql = sql;
    }

    static Result scan(String sql) {
        return new SqlScanner(sql).run();
    }

    private Result run() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            int start = line;
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                int end = sql.indexOf('\n', pos);
                end = end < 0 ? sql.length() : end;
                comment(sql.substring(pos + 2, end), start);
                pos = end;
            } else if (c == '/' && peek(1) == '*') {
                if (!blockComment(start)) {
                    return fail("an unterminated /* comment", start);
                }
            } else if (c == '\'' || ((c == 'E' || c == 'e') && peek(1) == '\'' && !wordBefore())) {
                boolean backslashes = c != '\'';
                pos += backslashes ? 2 : 1;
                String s = quoted('\'', backslashes);
                if (s == null) {
                    return fail("an unterminated string literal", start);
                }
                add(Token.Kind.STRING, s, start);
            } else if (c == '"' || c == '`') {
                pos++;
                String s = quoted(c, false);
                if (s == null) {
                    return fail("an unterminated quoted name", start);
                }
                add(Token.Kind.QUOTED_NAME, s, start);
            } else if (c == '$' && dollarTag() != null) {
                String tag = dollarTag();
                int bodyStart = pos + tag.length();
                int end = sql.indexOf(tag, bodyStart);
                if (end < 0) {
                    return fail("an unterminated " + tag + " quoted string", start);
                }
                String body = sql.substring(bodyStart, end);
                line += (int) body.chars().filter(ch -> ch == '\n').count();
                pos = end + tag.length();
                add(Token.Kind.STRING, body, start);
            } else if (Character.isLetter(c) || c == '_') {
                int end = pos + 1;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                word(sql.substring(pos, end), start);
                pos = end;
            } else if (Character.isDigit(c)) {
                int end = pos + 1;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                add(Token.Kind.NUMBER, sql.substring(pos, end), start);
                pos = end;
            } else if (c == ';' && blockDepth == 0) {
                endStatement();
                pos++;
            } else {
                add(Token.Kind.SYMBOL, String.valueOf(c), start);
                pos++;
            }
        }
        endStatement();
        if (!comments.isEmpty() && !statements.isEmpty()) {
            // Comments after the last statement: keep them with it, so that an allow comment there is not lost.
            Statement last = statements.removeLast();
            List<Comment> all = new ArrayList<>(last.comments());
            all.addAll(comments);
            statements.add(new Statement(last.tokens(), all));
        }
        return new Result(List.copyOf(statements), null, 0);
    }

    private Result fail(String what, int where) {
        endStatement();
        return new Result(List.copyOf(statements), "The script has " + what + " starting on line " + where
                + "; nothing after it was checked.", where);
    }

    private char peek(int ahead) {
        return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
    }

    /** Whether the character before the current one continues a word ({@code name'…'} is not an E-string). */
    private boolean wordBefore() {
        return pos > 0 && (Character.isLetterOrDigit(sql.charAt(pos - 1)) || sql.charAt(pos - 1) == '_');
    }

    private boolean blockComment(int start) {
        int depth = 0;
        int from = pos;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    comment(sql.substring(from + 2, pos - 2), start);
                    return true;
                }
            } else {
                if (sql.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
        }
        return false;
    }

    /** Reads up to the closing quote (doubled quotes stand for one); null when there is none. */
    private String quoted(char quote, boolean backslashes) {
        StringBuilder out = new StringBuilder();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashes && c == '\\' && pos + 1 < sql.length()) {
                out.append(sql.charAt(pos + 1));
                if (sql.charAt(pos + 1) == '\n') {
                    line++;
                }
                pos += 2;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    out.append(quote);
                    pos += 2;
                } else {
                    pos++;
                    return out.toString();
                }
            } else {
                if (c == '\n') {
                    line++;
                }
                out.append(c);
                pos++;
            }
        }
        return null;
    }

    /** {@code $$} or {@code $tag$} at the current position, or null ({@code $1} is a parameter). */
    private String dollarTag() {
        int end = pos + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end >= sql.length() || sql.charAt(end) != '$') {
            return null;
        }
        if (end > pos + 1 && Character.isDigit(sql.charAt(pos + 1))) {
            return null;
        }
        return sql.substring(pos, end + 1);
    }

    private void word(String text, int start) {
        Token token = new Token(Token.Kind.WORD, text, start);
        boolean routine = !tokens.isEmpty() && tokens.getFirst().is("CREATE") && tokens.stream()
                .anyMatch(t -> t.is("TRIGGER") || t.is("FUNCTION") || t.is("PROCEDURE"));
        if (routine && token.is("BEGIN") && (blockDepth > 0 || tokens.stream().anyMatch(t -> t.is("TRIGGER"))
                || sql.regionMatches(true, skipSpace(pos + text.length()), "ATOMIC", 0, 6))) {
            blockDepth++;
        } else if (blockDepth > 0 && token.is("CASE")) {
            blockDepth++;
        } else if (blockDepth > 0 && token.is("END")) {
            blockDepth--;
        }
        add(Token.Kind.WORD, text, start);
    }

    private int skipSpace(int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private void add(Token.Kind kind, String text, int start) {
        tokens.add(new Token(kind, text, start));
    }

    private void comment(String text, int start) {
        if (tokens.isEmpty() && start == lastStatementEndLine && !statements.isEmpty()) {
            // `DROP TABLE t; -- lint: allow …` : a comment on the line a statement ends belongs to that statement.
            Statement last = statements.removeLast();
            List<Comment> all = new ArrayList<>(last.comments());
            all.add(new Comment(text, start));
            statements.add(new Statement(last.tokens(), all));
        } else {
            comments.add(new Comment(text, start));
        }
    }

    private void endStatement() {
        if (!tokens.isEmpty()) {
            statements.add(new Statement(tokens, comments));
            tokens = new ArrayList<>();
            comments = new ArrayList<>();
        }
        lastStatementEndLine = line;
        blockDepth = 0;
    }
}
