package dev.windsurf.data.migration.cli;

import picocli.CommandLine;

/** {@code db} as a process of its own, for races between two processes. */
final class RacingUpgrade {

    private RacingUpgrade() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DbCommand()).execute(args));
    }
}
