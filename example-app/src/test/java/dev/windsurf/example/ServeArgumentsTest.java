package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@link ServeArguments} reads {@code serve}'s options without picocli: held here to picocli's result for what it
 * accepts, and to leaving to picocli everything it cannot read exactly as picocli does.
 */
class ServeArgumentsTest {

    /** What a parse set: the fields of ServeCommand that its options fill. */
    private record Options(String url, int port, String host, java.time.Duration grace, List<String> allowedHosts,
                           int maxConnections, boolean verbose) {
        static Options of(ServeCommand serve) {
            return new Options(serve.url, serve.port, serve.host, serve.grace, serve.allowedHosts,
                    serve.maxConnections, serve.verbose != null && serve.verbose.verbose);
        }
    }

    private static String[] serve(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "serve";
        System.arraycopy(options, 0, args, 1, options.length);
        return args;
    }

    /** What picocli reads from the same command line, through the app's own `serve` root. */
    private static Options picocli(String[] args) {
        CommandLine cli = Main.commandLine(args);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
        return Options.of(serve);
    }

    @Test
    void shouldReadWhatPicocliReadsForEveryOptionAndItsDefaults() {
        List<String[]> accepted = List.of(
                serve(),
                serve("--port", "0"),
                serve("--port=65535", "--host", "0.0.0.0"),
                serve("--url", "sqlite:///data/x.db", "-v"),
                serve("--url=postgresql://app@db.example/app?sslmode=require", "--verbose"),
                serve("--grace", "500ms", "--max-connections", "16"),
                serve("--grace=PT2M", "--max-connections=1"),
                serve("--grace", "1.5s"),
                serve("--allowed-host", "api.example", "--allowed-host=localhost", "--port", "8081"),
                serve("-v", "--host", "::1", "--url", "jdbc:sqlite:/tmp/y.db", "--grace", "0s"));
        for (String[] args : accepted) {
            Optional<ServeCommand> fast = ServeArguments.parse(args);
            assertThat(fast).as(Arrays.toString(args)).isPresent();
            assertThat(Options.of(fast.get())).as(Arrays.toString(args)).isEqualTo(picocli(args));
        }
    }

    @Test
    void shouldLeaveToPicocliWhatItCannotReadExactlyAsPicocliDoes() {
        List<String[]> refused = List.of(
                serve("--help"), serve("-h"), serve("-V"), serve("--version"), serve("-vh"),
                serve("--fly"), serve("extra"), serve("--"),
                serve("--port"), serve("--port", "70000"), serve("--port", "-1"), serve("--port", "010"),
                serve("--port", "0x10"), serve("--port", "+80"), serve("--port", "eighty"),
                serve("--port", "99999999999"), serve("--port", "1", "--port", "2"), serve("-v", "--verbose"),
                serve("--url="), serve("--url", "--port"), serve("--host", " 0.0.0.0"),
                serve("--grace", "10"), serve("--grace", "-5s"), serve("--max-connections", "0"),
                serve("--max-connections", "-3"), serve("--allowed-host", ""),
                new String[] {"db", "current"}, new String[0]);
        for (String[] args : refused) {
            assertThat(ServeArguments.parse(args)).as(Arrays.toString(args)).isEmpty();
        }
    }

    @Test
    void shouldKnowEveryOptionOfTheServeCommandButHelpAndVersion() {
        CommandLine serve = Main.commandLine(serve()).getSubcommands().get("serve");
        Set<String> names = new HashSet<>();
        for (OptionSpec option : serve.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                names.addAll(List.of(option.names()));
            }
        }
        // An option added to ServeCommand without teaching ServeArguments would lose its default on the fast path
        assertThat(names).isEqualTo(ServeArguments.OPTIONS);
    }

    @Test
    void shouldReportAFailureOfTheFastPathAsPicocliDoes() {
        // An unreachable database: the same FAILED and hint lines and exit code through both paths
        String[] args = serve("--url", "postgresql://nobody@127.0.0.1:1/none?connectTimeout=1", "--port", "0");
        ServeCommand fast = ServeArguments.parse(args).orElseThrow();
        java.io.ByteArrayOutputStream fastErr = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        int fastStatus;
        try {
            System.setErr(new java.io.PrintStream(fastErr, true, java.nio.charset.StandardCharsets.UTF_8));
            fastStatus = Main.serve(fast, args);
        } finally {
            System.setErr(saved);
        }
        java.io.StringWriter picocliErr = new java.io.StringWriter();
        CommandLine cli = Main.commandLine(args);
        cli.setErr(new java.io.PrintWriter(picocliErr, true));
        int picocliStatus = cli.execute(args);

        assertThat(fastStatus).isEqualTo(picocliStatus).isEqualTo(Failures.USAGE);
        List<String> fastLines = new ArrayList<>(fastErr.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("FAILED:") || line.startsWith("hint:")).toList());
        assertThat(fastLines).hasSize(2).isEqualTo(picocliErr.toString().lines().toList());
    }
}
