package dev.windsurf.data;

import java.util.Objects;
import java.util.Optional;

/**
 * What a read must see when a read replica may serve it. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #any()}: whatever the replica has replayed (the default of {@link Database#read}); it may lag behind
 *   by up to {@link DatabaseConfig#replicaMaxLag()}.</li>
 *   <li>{@link #atLeast(CommitPosition)}: every write committed up to the position, such as the caller's own last
 *   write ({@link Database#lastCommitPosition()}). The replica serves the read once it has replayed that far, waiting
 *   at most {@link DatabaseConfig#replicaCatchUpTimeout()}; otherwise the primary serves it.</li>
 * </ul>
 * Without a read replica every read sees every committed write, whatever the consistency.
 */
public final class ReadConsistency {

    private static final ReadConsistency ANY = new ReadConsistency(null);

    private final CommitPosition position;

    private ReadConsistency(CommitPosition position) {
        this.position = position;
    }

    /** {@return whatever the replica has replayed} */
    public static ReadConsistency any() {
        return ANY;
    }

    /**
     * Every write committed up to the position.
     *
     * @param position a position from {@link Database#lastCommitPosition()} or {@link CommitPosition#parse(String)}
     * @return the consistency that reads see at least that position
     * @throws NullPointerException when the position is null
     */
    public static ReadConsistency atLeast(CommitPosition position) {
        return new ReadConsistency(Objects.requireNonNull(position, "position cannot be null"));
    }

    /** {@return the position a read must reach, or empty for {@link #any()}} */
    public Optional<CommitPosition> position() {
        return Optional.ofNullable(position);
    }

    @Override
    public String toString() {
        return position == null ? "ReadConsistency.any" : "ReadConsistency.atLeast(" + position + ")";
    }
}
