package dev.windsurf.lint;

/** How bad a {@link Finding} is. */
public enum Severity {
    /** The migration can lose data, block a busy table, break running code or fail: it stops the build. */
    ERROR,
    /** A type or pattern that is safe today but costly later; printed, never fails anything. */
    WARNING
}
