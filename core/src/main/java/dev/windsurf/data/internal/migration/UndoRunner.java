package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.MigrationRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs undo scripts, newest first, each in its own transaction together with the removal of its version's record
 * from the history, so that the history always says what the schema is and a later upgrade applies the version
 * again. Before each script it checks, holding the history, that its version is still the newest applied one.
 * Not thread-safe; one instance per run.
 */
final class UndoRunner {

    /**
     * One undo script to run.
     *
     * @param migration  the migration it undoes
     * @param script     the undo script's name
     * @param statements its statements
     */
    record PlannedUndo(Migration migration, String script, List<SqlScript.Statement> statements) {
    }

    private final DataSource dataSource;
    private final Engine engine;
    private final Listeners listeners;
    private final String historyTable;

    UndoRunner(DataSource dataSource, Engine engine, Listeners listeners, String historyTable) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.listeners = listeners;
        this.historyTable = historyTable;
    }

    /**
     * Runs the plan and returns the steps done. On a failure the failing script's transaction is rolled back and the
     * versions undone before it stay undone.
     *
     * @throws MigrationException with {@code SCRIPT_FAILED} or {@code CONCURRENT_CHANGE}
     */
    List<MigrationRun.Step> run(List<PlannedUndo> plan) {
        List<MigrationRun.Step> done = new ArrayList<>();
        int index = 0;
        for (PlannedUndo undo : plan) {
            index++;
            done.add(runOne(undo, index, plan.size(), done));
        }
        return done;
    }

    private MigrationRun.Step runOne(PlannedUndo undo, int index, int total, List<MigrationRun.Step> done) {
        String version = undo.migration().version();
        SqlScript.Statement current = null;
        try (Connection c = dataSource.getConnection()) {
            HistoryTable.begin(c, engine, historyTable);
            try {
                List<String> applied = HistoryTable.appliedVersions(c, historyTable);
                if (applied.isEmpty() || !applied.getFirst().equals(version)) {
                    throw new MigrationException(MigrationException.Reason.CONCURRENT_CHANGE, "The history changed "
                            + "while downgrading: version " + version + " should be the newest applied, but the "
                            + "history's newest is " + (applied.isEmpty() ? "none" : applied.getFirst()) + ". "
                            + undone(done) + "Run `db current` to see where it is now.");
                }
                listeners.stepStarting(MigrationRun.Direction.DOWNGRADE, index, total, undo.script());
                long started = System.nanoTime();
                try (Statement st = c.createStatement()) {
                    for (SqlScript.Statement statement : undo.statements()) {
                        current = statement;
                        st.execute(statement.sql());
                    }
                }
                current = null;
                HistoryTable.delete(c, historyTable, version);
                HistoryTable.commit(c, engine);
                MigrationRun.Step step = new MigrationRun.Step(version, undo.migration().description(), undo.script(),
                        Duration.ofNanos(System.nanoTime() - started));
                listeners.stepFinished(MigrationRun.Direction.DOWNGRADE, index, total, step);
                return step;
            } catch (SQLException | RuntimeException e) {
                HistoryTable.rollbackQuietly(c, engine);
                throw e;
            }
        } catch (SQLException e) {
            listeners.stepFailed(MigrationRun.Direction.DOWNGRADE, index, total, undo.script(), e);
            String where = current == null ? "" : " at line " + current.line() + " ("
                    + abbreviate(SqlScript.withoutComments(current.sql())) + ")";
            throw new MigrationException(MigrationException.Reason.SCRIPT_FAILED, undo.script() + " failed" + where
                    + ": " + e.getMessage().replaceAll("\\s*\\n\\s*", " ") + ". Its transaction was rolled back: the "
                    + "database is still at version " + version + ". " + undone(done)
                    + "Fix the undo script and run the downgrade again.",
                    FailureClassifier.classify(e).code(), e);
        }
    }

    private static String undone(List<MigrationRun.Step> done) {
        return done.isEmpty() ? "" : "Undone before: " + String.join(", ", done.stream()
                .map(MigrationRun.Step::version).toList()) + ". ";
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
