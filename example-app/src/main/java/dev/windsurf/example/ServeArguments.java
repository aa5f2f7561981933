package dev.windsurf.example;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the options of {@code windsurf serve} without picocli when they are plainly valid, so that the server does
 * not wait for picocli's first parse (building its model by reflection, about 0.15 s of a start that takes some
 * 0.75 s). It accepts only what it can read exactly as picocli would: the options of {@link ServeCommand}, each
 * value in its plain form (a decimal port, a duration {@link DurationConverter} reads), every single-valued option at
 * most once. Anything else (help, version, an unknown or repeated option, a missing or doubtful value) is left to
 * picocli, which answers it with its usual help or error. {@code ServeArgumentsTest} holds the two to the same
 * result for every option. Stateless.
 */
final class ServeArguments {

    /** The option names read here: all of {@link ServeCommand}'s but help and version, which picocli answers. */
    static final Set<String> OPTIONS = Set.of("-v", "--verbose", "--url", "--port", "--host", "--grace",
            "--allowed-host", "--max-connections");

    private ServeArguments() {
    }

    /**
     * The {@code serve} command with these options set, or empty when picocli must read them.
     *
     * @param args the whole command line, {@code serve} first
     */
    static Optional<ServeCommand> parse(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Optional.empty();
        }
        ServeCommand serve = new ServeCommand(); // its fields start at the options' defaults
        Set<String> seen = new HashSet<>();
        List<String> allowedHosts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-v") || arg.equals("--verbose")) {
                if (!seen.add("--verbose")) {
                    return Optional.empty();
                }
                serve.verbose.verbose = true;
                continue;
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (!OPTIONS.contains(name) || value.isEmpty() || value.startsWith("-") || !value.strip().equals(value)
                    || (!name.equals("--allowed-host") && !seen.add(name))) {
                return Optional.empty();
            }
            switch (name) {
                case "--url" -> serve.url = value;
                case "--host" -> serve.host = value;
                case "--allowed-host" -> allowedHosts.add(value);
                case "--port" -> {
                    Integer port = decimal(value);
                    if (port == null || port > 65535) {
                        return Optional.empty();
                    }
                    serve.port = port;
                }
                case "--max-connections" -> {
                    Integer max = decimal(value);
                    if (max == null) {
                        return Optional.empty();
                    }
                    serve.maxConnections = max;
                }
                case "--grace" -> {
                    try {
                        serve.grace = DurationConverter.parse(value);
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        serve.allowedHosts = allowedHosts.isEmpty() ? null : List.copyOf(allowedHosts);
        try {
            serve.settings(); // the same checks the command makes; picocli reports a failure as a usage error
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(serve);
    }

    /** A non-negative decimal int without sign or leading zeros (picocli reads {@code 010} as octal), else null. */
    private static Integer decimal(String value) {
        if (value.length() > 9 || (value.length() > 1 && value.charAt(0) == '0')) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(value);
    }
}
