package dev.windsurf.example;

import picocli.CommandLine;

/** The {@code windsurf} command: {@code serve}, {@code demo} and {@code db …}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests and for embedding. */
    static CommandLine commandLine() {
        return new CommandLine(new WindsurfCommand());
    }
}
