package dev.windsurf.data.migration;

import java.util.List;

/**
 * What {@link Migrations#repair()} changed in the history, each entry as {@code <version> <description>}. Immutable.
 *
 * @param removedFailed    records of failed migrations that were removed
 * @param alignedChecksums applied migrations whose recorded checksum was set to their file's
 * @param markedDeleted    applied migrations without a file that were marked deleted
 */
public record RepairReport(List<String> removedFailed, List<String> alignedChecksums, List<String> markedDeleted) {

    /** Copies the lists, so that the report stays immutable. */
    public RepairReport {
        removedFailed = List.copyOf(removedFailed);
        alignedChecksums = List.copyOf(alignedChecksums);
        markedDeleted = List.copyOf(markedDeleted);
    }

    /** {@return whether anything was changed} */
    public boolean changed() {
        return !removedFailed.isEmpty() || !alignedChecksums.isEmpty() || !markedDeleted.isEmpty();
    }
}
