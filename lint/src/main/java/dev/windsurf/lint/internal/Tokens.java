package dev.windsurf.lint.internal;

import java.util.ArrayList;
import java.util.List;

/** Small helpers over token lists: parenthesis-aware splitting and searching. Stateless. */
final class Tokens {

    private Tokens() {
    }

    /** The parts of {@code tokens} between commas outside parentheses. */
    static List<List<Token>> splitOnCommas(List<Token> tokens) {
        List<List<Token>> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            } else if (depth == 0 && t.isSymbol(",")) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        if (start < tokens.size()) {
            parts.add(tokens.subList(start, tokens.size()));
        }
        return parts;
    }

    /** The index of the parenthesis closing the one at {@code open}, or the list's size when there is none. */
    static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
                return i;
            }
        }
        return tokens.size();
    }

    /** The index of the first word {@code word} outside parentheses at or after {@code from}, or -1. */
    static int indexOfWord(List<Token> tokens, int from, String word) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && t.is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the words follow each other somewhere outside parentheses. */
    static boolean hasWords(List<Token> tokens, String... words) {
        for (int i = 0; i + words.length <= tokens.size(); i++) {
            i = indexOfWord(tokens, i, words[0]);
            if (i < 0) {
                return false;
            }
            boolean all = true;
            for (int k = 1; k < words.length && all; k++) {
                all = i + k < tokens.size() && tokens.get(i + k).is(words[k]);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The simple names listed in the first parenthesised group at or after {@code from}. */
    static List<String> columnList(List<Token> tokens, int from) {
        List<String> names = new ArrayList<>();
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                int end = closing(tokens, i);
                for (List<Token> part : splitOnCommas(tokens.subList(i + 1, Math.min(end, tokens.size())))) {
                    if (part.size() >= 1 && part.getFirst().kind() != Token.Kind.SYMBOL) {
                        names.add(part.getFirst().name());
                    }
                }
                return names;
            }
        }
        return names;
    }
}
