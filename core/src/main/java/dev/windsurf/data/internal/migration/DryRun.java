package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.tx.FailureClassifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the statements of an {@link OfflineScript} plan, history records included, inside one transaction on
 * PostgreSQL and rolls it back: what the upgrade or downgrade would do, with the error the real run would hit,
 * and nothing left behind (PostgreSQL's DDL is transactional). A plan with a statement that cannot run in a
 * transaction is refused before anything runs. Sequences advanced by the migrations' own statements stay
 * advanced (PostgreSQL never rolls them back). Stateless.
 */
public final class DryRun {

    private DryRun() {
    }

    /**
     * What one migration set's part would do.
     *
     * @param part     the part that ran
     * @param done     the scripts that ran without error, in order
     * @param reached  the version the set would reach: its target, or the version before the failing script
     * @param failed   the script that failed, or null
     * @param error    the database's message (one line) with the statement's line, or null
     * @param sqlState the failure's SQLState, or null
     */
    public record Outcome(OfflineScript.Part part, List<String> done, String reached, String failed, String error,
                          String sqlState) {
    }

    /**
     * The first statement of the plan that cannot run in a transaction, as "{@code script}: statement", or null.
     */
    public static String nonTransactional(List<OfflineScript.Part> parts) {
        for (OfflineScript.Part part : parts) {
            for (OfflineScript.Step step : part.steps()) {
                if (!step.transactional()) {
                    return step.script() + ": " + step.nonTransactional().replaceAll("\\s+", " ");
                }
            }
        }
        return null;
    }

    /**
     * Runs every part on {@code c} (PostgreSQL) in one transaction, stopping at the first failure as the real run
     * stops, and rolls everything back.
     *
     * @return one outcome per part that was reached, in order
     * @throws IllegalStateException when a statement cannot run in a transaction (nothing ran)
     * @throws SQLException          when the transaction cannot be started or rolled back
     */
    public static List<Outcome> run(Connection c, List<OfflineScript.Part> parts) throws SQLException {
        String refused = nonTransactional(parts);
        if (refused != null) {
            throw new IllegalStateException(refused);
        }
        List<Outcome> outcomes = new ArrayList<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (OfflineScript.Part part : parts) {
                Outcome outcome = runPart(st, part);
                outcomes.add(outcome);
                if (outcome.failed() != null) {
                    break;
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
        return outcomes;
    }

    private static Outcome runPart(Statement st, OfflineScript.Part part) {
        List<String> done = new ArrayList<>();
        String reached = part.fromVersion();
        OfflineScript.Step current = null;
        SqlScript.Statement statement = null;
        try {
            if (part.createHistory()) {
                for (String s : OfflineScript.createHistory(Engine.POSTGRESQL, part)) {
                    st.execute(s);
                }
            }
            for (OfflineScript.Step step : part.steps()) {
                current = step;
                if (!part.upgrade()) {
                    st.execute(OfflineScript.lockHistory(Engine.POSTGRESQL, part));
                }
                for (SqlScript.Statement s : step.statements()) {
                    statement = s;
                    st.execute(s.sql());
                }
                statement = null;
                st.execute(part.upgrade() ? OfflineScript.insertHistory(Engine.POSTGRESQL, part, step)
                        : OfflineScript.deleteHistory(part, step));
                done.add(step.script());
                reached = part.upgrade() ? step.version() : versionBelow(part, step);
            }
            return new Outcome(part, done, reached, null, null, null);
        } catch (SQLException e) {
            String where = statement == null ? "" : " at line " + statement.line();
            return new Outcome(part, done, reached, current == null ? "the history table" : current.script(),
                    (current == null ? "" : current.script()) + " failed" + where + ": "
                            + String.valueOf(e.getMessage()).replaceAll("\\s*\\n\\s*", " "),
                    FailureClassifier.classify(e).code());
        }
    }

    /** The version a downgrade reaches after undoing {@code step}: the next step's version, or the part's end. */
    private static String versionBelow(OfflineScript.Part part, OfflineScript.Step step) {
        int i = part.steps().indexOf(step);
        return i + 1 < part.steps().size() ? part.steps().get(i + 1).version() : part.toVersion();
    }
}
