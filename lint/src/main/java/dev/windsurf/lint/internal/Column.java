package dev.windsurf.lint.internal;

import java.util.List;
import java.util.Set;

/**
 * A column definition split into its name, its declared type and its constraints.
 *
 * @param name        the column name as PostgreSQL folds it
 * @param type        the type's tokens, e.g. {@code VARCHAR ( 20 )}
 * @param constraints what follows the type: NOT NULL, DEFAULT …, REFERENCES …
 */
record Column(String name, List<Token> type, List<Token> constraints) {

    private static final Set<String> CONSTRAINT_WORDS = Set.of("CONSTRAINT", "NOT", "NULL", "DEFAULT",
            "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE", "AS");

    static Column of(List<Token> definition) {
        if (definition.isEmpty()) {
            return new Column("", List.of(), List.of());
        }
        int end = definition.size();
        int depth = 0;
        for (int i = 1; i < definition.size(); i++) {
            Token t = definition.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && t.kind() == Token.Kind.WORD && CONSTRAINT_WORDS.contains(t.upper())) {
                end = i;
                break;
            }
        }
        return new Column(definition.getFirst().name(), definition.subList(1, end),
                definition.subList(end, definition.size()));
    }

    /** Whether the column is declared a primary key or a reference in its own definition. */
    boolean inlineKey() {
        return Tokens.hasWords(constraints, "PRIMARY") || Tokens.hasWords(constraints, "REFERENCES");
    }

    /** The DEFAULT expression's tokens, or null when there is none. */
    List<Token> defaultExpression() {
        int at = Tokens.indexOfWord(constraints, 0, "DEFAULT");
        if (at < 0) {
            return null;
        }
        int end = constraints.size();
        for (int i = at + 1; i < constraints.size(); i++) {
            Token t = constraints.get(i);
            if (t.isSymbol("(")) {
                i = Tokens.closing(constraints, i);
            } else if (t.kind() == Token.Kind.WORD && CONSTRAINT_WORDS.contains(t.upper()) && !t.is("NULL")) {
                end = i;
                break;
            }
        }
        return constraints.subList(at + 1, end);
    }
}
