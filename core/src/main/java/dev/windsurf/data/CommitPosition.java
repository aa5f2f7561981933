package dev.windsurf.data;

import java.util.Objects;

/**
 * Where a committed write ends in PostgreSQL's write-ahead log: a replica that has replayed this far shows the write.
 * Written as PostgreSQL writes a {@code pg_lsn} ({@code 16/B374D848}), so that it can travel in a header or a cookie
 * and be {@link #parse parsed} back. Immutable and thread-safe; ordered by position.
 *
 * @see Database#lastCommitPosition()
 * @see ReadConsistency#atLeast(CommitPosition)
 */
public final class CommitPosition implements Comparable<CommitPosition> {

    private final long lsn;

    private CommitPosition(long lsn) {
        this.lsn = lsn;
    }

    /**
     * Parses a position as {@link #toString()} writes it.
     *
     * @param text the position, e.g. {@code 0/16B3748}
     * @return the position
     * @throws NullPointerException     when the text is null
     * @throws IllegalArgumentException when it is not two hexadecimal numbers of at most 8 digits around a slash
     */
    public static CommitPosition parse(String text) {
        Objects.requireNonNull(text, "text cannot be null");
        int slash = text.indexOf('/');
        if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8
                || !hex(text, 0, slash) || !hex(text, slash + 1, text.length())) {
            throw new IllegalArgumentException("A commit position is two hexadecimal numbers around a slash "
                    + "(such as 16/B374D848), was '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "'");
        }
        return new CommitPosition(Long.parseUnsignedLong(text.substring(0, slash), 16) << 32
                | Long.parseUnsignedLong(text.substring(slash + 1), 16));
    }

    private static boolean hex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@return the position as an unsigned 64-bit number, as PostgreSQL counts it} */
    public long asLong() {
        return lsn;
    }

    @Override
    public int compareTo(CommitPosition other) {
        return Long.compareUnsigned(lsn, other.lsn);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommitPosition other && other.lsn == lsn;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lsn);
    }

    /** PostgreSQL's form: {@code 16/B374D848}. */
    @Override
    public String toString() {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
