package dev.windsurf.data;

import java.time.Instant;
import java.util.Objects;

/**
 * The write mode of a {@link Database} and why it is in it. Immutable.
 *
 * @param mode      READ_WRITE or READ_ONLY
 * @param reason    why (for READ_WRITE: why it returned, e.g. {@code writes work again}); never null
 * @param since     when the mode began
 * @param automatic true when the library chose the mode (a write was refused by the database, or kept failing with
 *                  connection errors); false when an operator chose it. An automatic READ_ONLY mode ends by itself when
 *                  a probe finds that writes work again; an operator's ends only when an operator ends it
 * @param sqlState  the code of the failure that caused an automatic READ_ONLY mode, or null
 */
public record ModeState(WriteMode mode, String reason, Instant since, boolean automatic, String sqlState) {

    /**
     * Checks that the mode, the reason and the start time are present.
     *
     * @throws NullPointerException when {@code mode}, {@code reason} or {@code since} is null
     */
    public ModeState {
        Objects.requireNonNull(mode, "mode cannot be null");
        Objects.requireNonNull(reason, "reason cannot be null");
        Objects.requireNonNull(since, "since cannot be null");
    }

    /** {@return whether writes are refused} */
    public boolean readOnly() {
        return mode == WriteMode.READ_ONLY;
    }
}
