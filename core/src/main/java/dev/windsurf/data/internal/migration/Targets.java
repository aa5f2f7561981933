package dev.windsurf.data.internal.migration;

import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.MigrationStatus;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Reads the targets Alembic users type: {@code head}, {@code +N}, a version for upgrades; {@code -N}, a version,
 * {@code base} for downgrades; and turns them into the migrations to run. Stateless.
 */
public final class Targets {

    /** The commands that take a target, with what each accepts. */
    public enum Command {
        UPGRADE("upgrade", "+", "head, +N or a version"),
        DOWNGRADE("downgrade", "-", "-N, base or a version"),
        STAMP("stamp", null, "head, base or a version");

        private final String word;
        private final String sign;
        private final String expected;

        Command(String word, String sign, String expected) {
            this.word = word;
            this.sign = sign;
            this.expected = expected;
        }
    }

    private static final Pattern RELATIVE = Pattern.compile("[+-]\\d{1,9}");
    private static final Pattern VERSION = Pattern.compile("\\d+(?:[._]\\d+)*");

    private Targets() {
    }

    /**
     * Checks a target's form, which needs no database: {@code +abc}, {@code -0} or {@code latest} fail here, before
     * a connection is made; whether a version exists is for the command to find out.
     *
     * @throws IllegalArgumentException naming the target and what the command accepts
     */
    public static void requireWellFormed(String target, Command command) {
        String t = target == null ? "" : target.strip();
        if (t.equalsIgnoreCase("head") || t.equalsIgnoreCase("base")) {
            return;
        }
        if (command.sign != null && (t.startsWith("+") || t.startsWith("-"))) {
            relative(t, command.word, command.sign);
            return;
        }
        if (!VERSION.matcher(t).matches()) {
            throw new IllegalArgumentException("Invalid " + command.word + " target '" + t + "': expected "
                    + command.expected + ".");
        }
    }

    /**
     * The pending migrations an upgrade to {@code target} applies, oldest first.
     *
     * @throws IllegalArgumentException when the target is not {@code head}, {@code +N} or a version
     * @throws MigrationException       when the version is unknown or the target is not ahead
     */
    static List<Migration> upgrade(String target, MigrationStatus status) {
        String t = target == null ? "head" : target.strip();
        List<Migration> pending = status.pending();
        if (t.equalsIgnoreCase("head")) {
            return pending;
        }
        if (t.startsWith("+") || t.startsWith("-")) {
            int steps = relative(t, "upgrade", "+");
            if (t.startsWith("-")) {
                throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "'" + t + "' is not an "
                        + "upgrade target: run `db downgrade " + t + "` to go back.");
            }
            if (steps > pending.size()) {
                throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "Relative revision " + t
                        + " didn't produce " + steps + " migrations: " + pending.size() + " pending"
                        + (pending.isEmpty() ? "" : " (" + versions(pending) + ")") + ".");
            }
            return pending.subList(0, steps);
        }
        if (t.equalsIgnoreCase("base")) {
            throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "'base' is not an upgrade target: "
                    + "run `db downgrade base` to undo every migration.");
        }
        MigrationVersion version = version(t, Command.UPGRADE, status);
        String current = status.currentVersion();
        if (current != null && version.compareTo(MigrationVersion.fromVersion(current)) < 0) {
            throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "Version " + t + " is below the "
                    + "current version " + current + ": run `db downgrade " + t + "` to go back to it.");
        }
        return pending.stream().filter(m -> MigrationVersion.fromVersion(m.version()).compareTo(version) <= 0)
                .toList();
    }

    /**
     * The applied migrations a downgrade to {@code target} undoes, newest first.
     *
     * @throws IllegalArgumentException when the target is not {@code -N}, {@code base} or a version
     * @throws MigrationException       when the version is unknown, the target is not behind, or below base
     */
    static List<Migration> downgrade(String target, MigrationStatus status) {
        String t = target == null ? "" : target.strip();
        List<Migration> applied = status.applied().stream()
                .sorted(Comparator.comparing((Migration m) -> MigrationVersion.fromVersion(m.version())).reversed())
                .toList();
        if (t.equalsIgnoreCase("base")) {
            return applied;
        }
        if (t.startsWith("+") || t.startsWith("-")) {
            int steps = relative(t, "downgrade", "-");
            if (t.startsWith("+")) {
                throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "'" + t + "' is not a "
                        + "downgrade target: run `db upgrade " + t + "` to go forward.");
            }
            if (steps > applied.size()) {
                throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "Relative revision " + t
                        + " didn't produce " + steps + " migrations: " + applied.size() + " applied"
                        + (applied.isEmpty() ? "" : " (" + versions(applied) + ")") + ", that is below base. "
                        + "Run `db downgrade base` to undo them all.");
            }
            return applied.subList(0, steps);
        }
        if (t.equalsIgnoreCase("head")) {
            throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "'head' is not a downgrade "
                    + "target: run `db upgrade head`.");
        }
        MigrationVersion version = version(t, Command.DOWNGRADE, status);
        String current = status.currentVersion();
        if (current == null || version.compareTo(MigrationVersion.fromVersion(current)) > 0) {
            throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "Version " + t + " is above the "
                    + "current version " + (current == null ? "base" : current) + ": run `db upgrade " + t
                    + "` to go forward to it.");
        }
        return applied.stream().filter(m -> MigrationVersion.fromVersion(m.version()).compareTo(version) > 0)
                .toList();
    }

    /**
     * A version for {@code stamp}: {@code head}, {@code base} (null) or a known version.
     *
     * @throws MigrationException when the version is unknown
     */
    static String stamp(String target, MigrationStatus status) {
        String t = target == null ? "" : target.strip();
        if (t.equalsIgnoreCase("head")) {
            return status.headVersion();
        }
        if (t.equalsIgnoreCase("base")) {
            return null;
        }
        return version(t, Command.STAMP, status).getVersion();
    }

    private static int relative(String t, String command, String sign) {
        if (!RELATIVE.matcher(t).matches()) {
            throw new IllegalArgumentException("Invalid " + command + " target '" + t + "': a relative target is "
                    + sign + "N with N a whole number of at least 1, e.g. " + sign + "1.");
        }
        int steps = Integer.parseInt(t.substring(1));
        if (steps < 1) {
            throw new IllegalArgumentException("Invalid " + command + " target '" + t + "': a relative target moves "
                    + "at least one migration, e.g. " + sign + "1.");
        }
        return steps;
    }

    private static MigrationVersion version(String t, Command command, MigrationStatus status) {
        requireWellFormed(t, command);
        MigrationVersion version = MigrationVersion.fromVersion(t.replace('_', '.'));
        boolean known = status.all().stream()
                .anyMatch(m -> MigrationVersion.fromVersion(m.version()).equals(version));
        if (!known) {
            throw new MigrationException(MigrationException.Reason.UNKNOWN_REVISION, "Can't locate revision " + t
                    + ". Known versions: " + (status.all().isEmpty() ? "none" : versions(status.all())) + ".");
        }
        return version;
    }

    private static String versions(List<Migration> migrations) {
        return String.join(", ", migrations.stream().map(Migration::version).toList());
    }
}
