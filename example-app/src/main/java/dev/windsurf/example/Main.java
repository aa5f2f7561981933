package dev.windsurf.example;

import dev.windsurf.data.Database;
import dev.windsurf.data.Health;
import java.io.PrintStream;

/** The WindSurf backend demo: starts a Database from the environment and reports on it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Starts the database (applying migrations per its policy), prints its health, and closes it. */
    static int run(PrintStream out) {
        try (Database db = Database.fromEnvironment()) {
            return report(db, out);
        }
    }

    /**
     * Prints the health of a database the caller owns: the app's own at start, or a test's (the seam through which
     * tests hand the app another Database).
     *
     * @return the process exit status: 0 when the database is up
     */
    static int report(Database db, PrintStream out) {
        Health health = db.health();
        out.printf("WindSurf database %s on %s: schema version %s, %s%n", health.name(), health.engine(),
                health.schemaVersion(), health.up() ? "up" : "down");
        return health.up() ? 0 : 1;
    }
}
