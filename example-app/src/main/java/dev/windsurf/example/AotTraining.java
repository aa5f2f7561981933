package dev.windsurf.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
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
        if (args.length == 2 && args[0].equals("native")) {
            System.exit(extractSqliteLibrary(Path.of(args[1])) ? 0 : 3);
        }
        String kind = args.length == 1 ? args[0] : "";
        if (System.getenv("DATABASE_URL") == null || !(kind.equals("commands") || kind.equals("serve"))) {
            System.err.println("usage: AotTraining commands|serve, with DATABASE_URL naming a throwaway database;"
                    + " AotTraining native DIR");
            System.exit(2);
        }
        if (kind.equals("commands")) {
            commands();
        } else {
            serve();
        }
    }

    /**
     * Copies this platform's SQLite library out of sqlite-jdbc's jar into {@code dir}, where the launcher has
     * sqlite-jdbc load it from ({@code org.sqlite.lib.path}): otherwise sqlite-jdbc extracts it to the temporary
     * directory, checks it and runs {@code uname} on every run (some 50-100 ms). Written beside its final name and
     * moved into place, so that a run never loads half a file.
     *
     * @return false when sqlite-jdbc has no library for this platform (then it is left to sqlite-jdbc)
     */
    private static boolean extractSqliteLibrary(Path dir) throws IOException {
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        String resource = (folder.startsWith("/") ? folder : "/" + folder) + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, "sqlite", ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, dir.resolve(LibraryLoaderUtil.getNativeLibName()),
                        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return true;
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
