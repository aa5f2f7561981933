package dev.windsurf.example;

import picocli.CommandLine.Option;

/** The {@code --verbose} option of the app's own commands (the {@code db} commands bring theirs). */
final class Verbose {

    @Option(names = {"-v", "--verbose"},
            description = "Log at INFO and print stack traces of failures (default: warnings only, one line per "
                    + "failure).")
    boolean verbose;
}
