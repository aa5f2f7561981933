package dev.windsurf.lint;

import java.util.List;
import java.util.Objects;

/**
 * What {@link MigrationLint} found in a set of scripts, in file and line order. Immutable and thread-safe.
 */
public final class LintReport {

    private final List<Finding> findings;
    private final boolean undoChecked;

    LintReport(List<Finding> findings, boolean undoChecked) {
        this.findings = List.copyOf(Objects.requireNonNull(findings, "findings cannot be null"));
        this.undoChecked = undoChecked;
    }

    /** {@return every finding, silenced ones included} */
    public List<Finding> findings() {
        return findings;
    }

    /** {@return the findings no allow comment silences} */
    public List<Finding> active() {
        return findings.stream().filter(f -> !f.silenced()).toList();
    }

    /** {@return the findings an allow comment silences, with its reason} */
    public List<Finding> silenced() {
        return findings.stream().filter(Finding::silenced).toList();
    }

    /** {@return the findings that fail a build: errors, not silenced, in migrations not yet released} */
    public List<Finding> blocking() {
        return findings.stream().filter(Finding::blocking).toList();
    }

    /** {@return whether any finding fails the build} */
    public boolean hasBlocking() {
        return findings.stream().anyMatch(Finding::blocking);
    }

    /** {@return whether undo scripts were compared with their migrations (false when the set has no undo directory)} */
    public boolean undoChecked() {
        return undoChecked;
    }
}
