package dev.windsurf.example;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.SchemaPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as a real process: SIGTERM while requests are in flight. The server must stop accepting, finish what
 * it accepted, close the database, and exit; every acknowledged write must be in the database, no refused one may be.
 * A request whose connection failed has an unknown outcome (the write may have committed before the answer was
 * lost), so it may be stored or not: the verdict is by user name, not by count.
 */
class GracefulShutdownTest {

    private static final Pattern LISTENING = Pattern.compile("Listening on http://127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path temp;

    @Test
    void shouldFinishRequestsInFlightAndCloseTheDatabaseOnSigterm() throws Exception {
        Path database = temp.resolve("shutdown.db");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0", "--grace", "PT20S")
                .redirectErrorStream(true);
        builder.environment().put("DATABASE_URL", "jdbc:sqlite:" + database);
        builder.environment().remove("WINDSURF_ADMIN_TOKEN");
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        CountDownLatch listening = new CountDownLatch(1);
        AtomicInteger port = new AtomicInteger();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.set(Integer.parseInt(m.group(1)));
                        listening.countDown();
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        try {
            assertThat(listening.await(60, TimeUnit.SECONDS)).as("server started: %s", output).isTrue();

            // Given a warmed-up server (the first request bootstraps validation and hashing)
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> warmUp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.get()
                            + "/users")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"warmup\", "
                            + "\"email\": \"warmup@example.com\", \"password\": \"correct horse battery\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(warmUp.statusCode()).isEqualTo(201);

            // When a burst of writes (each hashes a password, so they take a while) is cut short by SIGTERM
            List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.get() + "/users"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"user" + i + "\", \"email\": "
                                + "\"user" + i + "@example.com\", \"password\": \"correct horse battery\"}"))
                        .timeout(Duration.ofSeconds(30)).build();
                requests.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(300);
            // SIGTERM through the handle: Process.destroy() would also close our end of the child's output
            assertThat(process.toHandle().destroy()).isTrue();

            // Then requests in flight succeed, later ones are refused with a JSON 503 (or not connected at all),
            // and the process exits after closing the database
            Set<String> acknowledged = new HashSet<>(Set.of("warmup"));
            Set<String> unknown = new HashSet<>();
            int finishedInFlight = 0;
            for (int i = 0; i < requests.size(); i++) {
                String username = "user" + i;
                try {
                    HttpResponse<String> response = requests.get(i).join();
                    if (response.statusCode() == 503) {
                        // shutting down, or more sign-ups than the hashing queue admits: nothing written either way
                        assertThat(response.body()).containsAnyOf("\"code\":\"unavailable\"",
                                "\"code\":\"overloaded\"");
                    } else {
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                        acknowledged.add(username);
                        finishedInFlight++;
                    }
                } catch (CompletionException connectionFailed) {
                    // refused before it was read, or cut after it was processed: the client cannot tell
                    unknown.add(username);
                }
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            assertThat(finishedInFlight).as("requests in flight at SIGTERM were finished").isPositive();
            assertThat(output).anyMatch(line -> line.contains("Shutting down"))
                    .anyMatch(line -> line.contains("[windsurf] Closed"));
            assertThat(Files.exists(database)).isTrue();
            try (Database db = Database.start(DatabaseConfig.builder().url("jdbc:sqlite:" + database)
                    .schemaPolicy(SchemaPolicy.NONE).build())) {
                Set<String> stored = new HashSet<>(db.read(tx -> tx.select(USERS.USERNAME).from(USERS)
                        .fetch(USERS.USERNAME)));
                assertThat(stored).as("every acknowledged write is stored").containsAll(acknowledged);
                Set<String> allowed = new HashSet<>(acknowledged);
                allowed.addAll(unknown);
                assertThat(allowed).as("nothing refused with 503 is stored").containsAll(stored);
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
