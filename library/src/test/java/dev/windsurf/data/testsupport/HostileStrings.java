package dev.windsurf.data.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property-based testing without a framework: seeded generators of hostile text (SQL metacharacters and quotes,
 * astral characters, combining marks, bidi and zero-width characters, C0 and C1 controls, NUL, lone surrogates,
 * strings around and far beyond the length limits) and a runner that tries a property on fixed edge cases first,
 * then on generated values, and names the seed and the value when it fails.
 *
 * <p>The seed is {@code -Dwindsurf.seed=…} when given (to replay a failure), else new on every run.
 */
public final class HostileStrings {

    /** Pieces that are dangerous for SQL, for encodings or for length counting. */
    static final String[] HOSTILE = {
            "'", "''", "\"", "`", ";", "--", "/*", "*/", "\\", "\\'", "%", "_", "?", "$1", "$$", ":name", "{0}",
            "${x}", "#{x}", "' OR '1'='1", "'); DROP TABLE users; --", "\" OR \"\"=\"", "<script>", "NULL",
            "\\0", "\\x00", "%00", "é", "e\u0301", "a\u0308\u0301", "\u0301", "\uD800\uDF48", "\uD83D\uDE00",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDDE9\uD83C\uDDEA", "\u202E", "\u200B",
            "\u200D", "\uFEFF", "\uFFFF", "\uFFFD", "\uDBFF\uDFFF", "中文", "한국어", "ﬁ", "Å", "İ", "ı", "ß", "Ω",
            "\u0000", "\t", "\n", "\r", "\r\n", "\u001B", "\u0007", "\u007F", "\u0085", "\u009F", " ", "  ",
            "\u00A0", "\u2007", "\u3000", "\u2028", "\u2029", "\uD800", "\uDC00", "\uDBFF", "a", "Z", "0", "-",
            ".", "@", "+", "x@y.z", "admin", "root"};

    /** Pieces a valid name or description may hold anywhere (no controls, no lone surrogates, no whitespace). */
    static final String[] PRINTABLE = {
            "'", "''", "\"", "`", ";", "--", "/*", "*/", "\\", "%", "_", "?", "$1", "$$", "${x}", "' OR '1'='1",
            "');DROP TABLE users;--", "é", "e\u0301", "a\u0308\u0301", "\u0301", "\uD800\uDF48", "\uD83D\uDE00",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u202E", "\u200B", "\uFEFF", "\uFFFD",
            "\uDBFF\uDFFF", "中文", "ﬁ", "İ", "ß", "a", "Z", "0", "-", ".", "@"};

    static final String[] INNER_SPACE = {" ", "\u00A0", "\u3000"};

    private HostileStrings() {
    }

    /** Any string: hostile pieces in any order, or a long run around or beyond a limit. */
    public static String hostile(SplittableRandom random) {
        int mode = random.nextInt(10);
        if (mode == 0) {
            String piece = pick(random, HOSTILE);
            int[] counts = {99, 100, 101, 2000, 2001, 5000};
            return piece.repeat(Math.max(1, counts[random.nextInt(counts.length)] / Math.max(1, piece.length())));
        }
        StringBuilder b = new StringBuilder();
        int pieces = random.nextInt(13);
        for (int i = 0; i < pieces; i++) {
            b.append(pick(random, HOSTILE));
        }
        return b.toString();
    }

    /** A valid name: 1 to 100 code points of printable pieces, inner spaces allowed, none at either end. */
    public static String validName(SplittableRandom random) {
        return printable(random, 1, random.nextInt(4) == 0 ? 100 : 1 + random.nextInt(30), false);
    }

    /** A valid description: up to 2000 code points, with line breaks, tabs and spaces anywhere. */
    public static String validDescription(SplittableRandom random) {
        return printable(random, 0, random.nextInt(5) == 0 ? 2000 : random.nextInt(200), true);
    }

    private static String printable(SplittableRandom random, int min, int target, boolean breaks) {
        StringBuilder b = new StringBuilder();
        int codePoints = 0;
        while (codePoints < target) {
            String piece = random.nextInt(6) == 0
                    ? (breaks ? pick(random, new String[] {" ", "\n", "\t", "\r\n", "\u3000"}) : pick(random, INNER_SPACE))
                    : pick(random, PRINTABLE);
            int length = piece.codePointCount(0, piece.length());
            if (codePoints + length > target) {
                piece = "x".repeat(target - codePoints);
                length = piece.length();
            }
            b.append(piece);
            codePoints += length;
        }
        String s = b.toString();
        if (!breaks) {
            s = s.strip().replaceAll("^[\\s\\u00A0\\u3000]+|[\\s\\u00A0\\u3000]+$", "");
            while (s.codePointCount(0, s.length()) < Math.max(min, 1)) {
                s = s + "y";
            }
        }
        return s;
    }

    private static String pick(SplittableRandom random, String[] pieces) {
        return pieces[random.nextInt(pieces.length)];
    }

    /** Shows a string with every character outside printable ASCII as a Java escape. */
    public static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder b = new StringBuilder("\"");
        text.chars().limit(300).forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                b.append((char) c);
            } else {
                b.append(String.format("\\u%04x", c));
            }
        });
        return b.append(text.length() > 300 ? "…\" (" + text.length() + " chars)" : "\"").toString();
    }

    /**
     * Tries a property on every edge case, then on {@code tries} generated values.
     *
     * @throws AssertionError naming the property, the value and the seed, when a try fails
     */
    public static <T> void forAll(String property, List<T> edgeCases, int tries, Function<SplittableRandom, T> generator,
                                  Consumer<T> check) {
        long seed = Long.getLong("windsurf.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<T> values = new ArrayList<>(edgeCases);
        for (int i = 0; i < tries; i++) {
            values.add(generator.apply(random));
        }
        for (T value : values) {
            try {
                check.accept(value);
            } catch (Throwable t) {
                throw new AssertionError(property + " fails for " + escape(value) + " (seed " + seed
                        + ": rerun with -Dwindsurf.seed=" + seed + ")", t);
            }
        }
    }
}
