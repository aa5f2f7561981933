package dev.windsurf.data.migration.cli;

import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationListener;
import dev.windsurf.data.migration.MigrationRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Prints one line per migration while it runs, e.g. {@code applying 2/3  V2__create_users.sql ... 35 ms}, with the
 * script names aligned. Not thread-safe.
 */
final class Progress implements MigrationListener {

    private final PrintWriter out;
    private final String source;
    private int width;

    Progress(PrintWriter out, String source) {
        this.out = out;
        this.source = source;
    }

    @Override
    public void runStarting(MigrationRun.Direction direction, List<Migration> plan) {
        boolean up = direction == MigrationRun.Direction.UPGRADE;
        width = plan.stream().mapToInt(m -> (up ? m.script() : m.undoScript()).length()).max().orElse(0);
        String versions = plan.size() == 1 ? "version " + plan.getFirst().version()
                : "versions " + plan.getFirst().version() + " to " + plan.getLast().version();
        out.println((up ? "Upgrading " : "Downgrading ") + source + ": " + plan.size()
                + (up ? " migration(s), " : " undo script(s), ") + versions);
        out.flush();
    }

    @Override
    public void stepStarting(MigrationRun.Direction direction, int index, int total, String script) {
        String verb = direction == MigrationRun.Direction.UPGRADE ? "applying" : "undoing";
        String counter = index + "/" + total;
        out.print(verb + " " + counter + " ".repeat(Math.max(1, String.valueOf(total).length() * 2 + 3
                - counter.length())) + script + " ".repeat(Math.max(0, width - script.length())) + " ... ");
        out.flush();
    }

    @Override
    public void stepFinished(MigrationRun.Direction direction, int index, int total, MigrationRun.Step step) {
        out.println(step.duration().toMillis() + " ms");
        out.flush();
    }

    @Override
    public void lockWaiting(String database, Duration limit) {
        out.println("Waiting for another upgrade or downgrade of " + database + " to finish (at most "
                + limit.toSeconds() + " s) ...");
        out.flush();
    }

    @Override
    public void stepFailed(MigrationRun.Direction direction, int index, int total, String script, Throwable cause) {
        out.println("FAILED");
        out.flush();
    }
}
