package dev.windsurf.example;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.example.http.ApiServer;
import dev.windsurf.example.http.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The training run of the launcher's start-up cache (scripts/aot-training.sh): in one JVM, what the commands and the
 * server load on a throwaway database: {@code db upgrade}, {@code current}, {@code history}, {@code status}, then
 * the HTTP API answering a few requests. Not part of the app's commands; run as
 * {@code java -cp windsurf-example-app.jar dev.windsurf.example.AotTraining} with {@code DATABASE_URL} set.
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("DATABASE_URL") == null) {
            System.err.println("AotTraining needs DATABASE_URL (a throwaway database)");
            System.exit(2);
        }
        for (String[] command : new String[][] {{"db", "upgrade", "head"}, {"db", "current"}, {"db", "history"},
                {"db", "upgrade", "head"}, {"status"}, {"db", "current", "--json"}, {"--help"}, {"serve", "--help"},
                {"db", "downgrade", "nine"}}) {
            CommandLine cli = Main.commandLine(command);
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(new StringWriter()));
            cli.execute(command);
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Database db = Database.start(DatabaseConfig.fromEnvironment().meterRegistry(metrics).build())) {
            ApiServer server = new ApiServer(db, null, Duration.ofSeconds(1), HttpSettings.builder().build(), metrics,
                    OpenTelemetry.noop()).start("127.0.0.1", 0);
            try {
                for (String path : new String[] {"/health", "/ready", "/users?limit=1", "/users/none"}) {
                    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path)
                            .toURL().openConnection();
                    c.getResponseCode();
                    try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
                        in.readAllBytes();
                    }
                }
            } finally {
                server.stop();
            }
        }
    }
}
