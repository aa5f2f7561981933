package dev.windsurf.lint;

import java.util.Objects;

/**
 * One thing the lint found. Immutable.
 *
 * @param file     the script's file name, e.g. {@code V4__add_tags.sql}
 * @param version  the migration version the script belongs to ({@code 4}), or null when the name has none
 * @param line     the 1-based line of the statement (or of the part of it the finding is about)
 * @param rule     the rule's id, e.g. {@code require-concurrent-index}: the name an allow comment uses
 * @param severity error or warning
 * @param message  what is wrong, one line
 * @param fix      the safe way to do it, one line
 * @param silenced whether an {@code -- lint: allow <rule> -- <reason>} comment on the statement silences it
 * @param reason   the reason given in that comment, or null
 * @param released whether the migration is at or below the released version floor: its errors do not fail
 */
public record Finding(String file, String version, int line, String rule, Severity severity, String message,
        String fix, boolean silenced, String reason, boolean released) {

    /** Checks that the required parts are there. */
    public Finding {
        Objects.requireNonNull(file, "file cannot be null");
        Objects.requireNonNull(rule, "rule cannot be null");
        Objects.requireNonNull(severity, "severity cannot be null");
        Objects.requireNonNull(message, "message cannot be null");
        Objects.requireNonNull(fix, "fix cannot be null");
    }

    /** {@return whether this finding fails the build: an error, not silenced, in a migration not yet released} */
    public boolean blocking() {
        return severity == Severity.ERROR && !silenced && !released;
    }

    /** {@code V4__add_tags.sql:12: error require-concurrent-index: … Fix: …}, as the build and the command print it. */
    @Override
    public String toString() {
        String level = severity == Severity.ERROR ? "error" : "warning";
        String status = silenced ? " [allowed: " + reason + "]" : released && severity == Severity.ERROR
                ? " [released migration: warning only]" : "";
        return file + ":" + line + ": " + level + " " + rule + ": " + message + " Fix: " + fix + status;
    }
}
