package dev.windsurf.example;

import dev.windsurf.data.Database;
import dev.windsurf.data.Health;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Starts the database (applying migrations per its policy), prints its health, and exits. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Connect to the database, check its schema, print its state and exit (0 when it is up).")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    Verbose verbose;

    @picocli.CommandLine.Option(names = "--url", paramLabel = "URL", description = "The database: a JDBC URL, "
            + "postgresql://user@host/db or sqlite:///file.db (default: DATABASE_URL, else ./data/windsurf.db).")
    String url;

    @Override
    public Integer call() {
        dev.windsurf.data.DatabaseConfig.Builder builder = dev.windsurf.data.DatabaseConfig.fromEnvironment();
        if (url != null) {
            builder.url(url);
        }
        dev.windsurf.data.DatabaseConfig config = builder.build();
        java.nio.file.Path file = config.sqliteFile().orElse(null);
        if (file != null && !java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException("There is no database at " + config.maskedUrl()
                    + ": status reads one and creates none. Create it with `windsurf db upgrade head` or "
                    + "`windsurf serve`, or set DATABASE_URL");
        }
        try (Database db = Database.start(config)) {
            return report(db, spec.commandLine().getOut());
        }
    }

    /**
     * Prints the state of a database the caller owns: the app's own, or a test's (the seam through which tests hand
     * the app another Database).
     *
     * @return the exit status: 0 when the database is up
     */
    static int report(Database db, PrintWriter out) {
        Health health = db.health();
        out.printf("WindSurf database %s on %s: %s, %s, %s%n", health.name(), health.engine(),
                versions(health), health.up() ? "up" : "down", health.mode().mode());
        out.flush();
        return health.up() ? 0 : 1;
    }

    /** "schema version 3 (windsurf), 1 (example)": every migration set's version, dependencies first. */
    static String versions(dev.windsurf.data.Health health) {
        if (health.migrationSets().isEmpty()) {
            return "no migration set";
        }
        return "schema version " + String.join(", ", health.migrationSets().stream()
                .map(s -> (s.version() == null ? "none" : s.version()) + " (" + s.set() + ")").toList());
    }
}
