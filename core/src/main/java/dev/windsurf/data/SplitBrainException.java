package dev.windsurf.data;

import java.io.Serial;
import java.time.Duration;

/**
 * A write was refused because no primary may be written to: with several hosts in the URL, the servers that answer as
 * primaries are all refused (for instance an old primary restarted after its standby was promoted, while the promoted
 * one does not answer), or two of them qualify equally. Nothing was written. The library never settles this by
 * itself: an operator fences the wrong server, or names the right one with {@link ReadOnlyControl#acceptPrimary}.
 * Until then the probe keeps looking every {@link #retryAfter()}, and writes resume by themselves when the accepted
 * primary, or a standby promoted from it, answers again. The mode's code ({@link #sqlState()}) is
 * {@value #CODE}. Thrown without a stack trace.
 */
public class SplitBrainException extends ReadOnlyModeException {

    /** The code of a read-only mode caused by a split brain: in {@link ModeState#sqlState()} and {@link #sqlState()}. */
    public static final String CODE = "WSB01";

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A refusal in the given mode.
     *
     * @param state      the mode that refused the write; its reason names the servers
     * @param retryAfter when the probe looks again
     */
    public SplitBrainException(ModeState state, Duration retryAfter) {
        super(state, retryAfter, CODE, null);
    }
}
