package dev.windsurf.data.migration.cli;

import picocli.CommandLine;

/**
 * {@code db} as a process of its own, for races between two processes. With {@code -Drace.at=<epoch millis>} it
 * starts the command at that instant, after its JVM has started, so that two racers collide.
 */
final class RacingUpgrade {

    private RacingUpgrade() {
    }

    public static void main(String[] args) throws InterruptedException {
        long wait = Long.getLong("race.at", 0L) - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        System.exit(new CommandLine(new DbCommand()).execute(args));
    }
}
