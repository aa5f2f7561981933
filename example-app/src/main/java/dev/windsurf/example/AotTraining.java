package dev.windsurf.example;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import picocli.CommandLine;

/**
 * The training runs of the launcher's start-up caches (scripts/aot-training.sh), one per kind of run, since a JDK
 * 25 cache loads every class it holds when the JVM starts: a short command would pay for the server's classes.
 * {@code commands}: the {@code db} commands, {@code status} and the help on a throwaway database, with the commands'
 * quiet logging. {@code serve}: {@code windsurf serve} itself on a free port, answering its probes ({@code /health},
 * {@code /ready}), then stopped: the cache holds what a start loads, and the classes of other requests load when they
 * first come. The database must be migrated already (by an earlier run), so that the server's cache does not hold
 * the migration engine, which a start on an up-to-date schema does not load. Not part of the app's commands; run as
 * {@code java -cp windsurf-example-app.jar dev.windsurf.example.AotTraining commands|serve} with
 * {@code DATABASE_URL} set.
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length == 1 ? args[0] : "";
        if (System.getenv("DATABASE_URL") == null || !(kind.equals("commands") || kind.equals("serve"))) {
            System.err.println("usage: AotTraining commands|serve, with DATABASE_URL naming a throwaway database");
            System.exit(2);
        }
        if (kind.equals("commands")) {
            commands();
        } else {
            serve();
        }
    }

    private static void commands() {
        Main.quietLogging(new String[] {"db"});
        for (String[] command : new String[][] {{"db", "upgrade", "head"}, {"db", "current"}, {"db", "history"},
                {"db", "upgrade", "head"}, {"status"}, {"db", "current", "--json"}, {"--help"}, {"--version"},
                {"db", "--help"}, {"db", "downgrade", "nine"}}) {
            CommandLine cli = Main.commandLine(command);
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(new StringWriter()));
            cli.execute(command);
        }
    }

    private static void serve() throws Exception {
        String[] command = {"serve", "--port", "0", "--grace", "1s"};
        Main.quietLogging(command);
        Main.awaitLogging(Main.prepareServer(command));
        ServeCommand serve = ServeArguments.parse(command).orElseThrow();
        try (ServeCommand.Serving serving = serve.start()) {
            for (String path : new String[] {"/health", "/ready"}) {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + serving.server().port()
                        + path).toURL().openConnection();
                c.setRequestProperty("Connection", "close"); // nothing left open for the stop to wait for
                c.getResponseCode();
                try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
                    in.readAllBytes();
                }
                c.disconnect();
            }
        }
    }
}
