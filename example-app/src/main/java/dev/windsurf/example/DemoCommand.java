package dev.windsurf.example;

import static dev.windsurf.data.schema.Tables.PROJECTS;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationRun;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.Migrations;
import dev.windsurf.data.organization.OrganizationService;
import dev.windsurf.data.organization.OrganizationView;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.schema.tables.daos.UsersDao;
import dev.windsurf.data.schema.tables.pojos.Users;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A scripted tour of the library: each step prints what it did and what came back. Runs on a fresh temporary
 * SQLite database unless {@code DATABASE_URL} is set.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A guided tour of WindSurf Data in about a minute: migrate, services, a generated DAO, a "
                + "validation error, a conflict, read-only mode, the migration history and a downgrade/upgrade "
                + "round trip. Uses a fresh temporary SQLite database unless DATABASE_URL is set; on a database "
                + "that already held data, the downgrade step is skipped.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--url", paramLabel = "URL",
            description = "The database to tour (default: DATABASE_URL, else a fresh temporary SQLite file).")
    String url;

    private PrintWriter out;
    private int step;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        String configured = url != null ? url : System.getenv("DATABASE_URL");
        Path temporary = configured == null || configured.isBlank()
                ? Files.createTempFile("windsurf-demo-", ".db") : null;
        if (temporary != null) {
            Files.delete(temporary);
        }
        DatabaseConfig.Builder config = DatabaseConfig.fromEnvironment().name("demo")
                .schemaPolicy(SchemaPolicy.MIGRATE);
        config.url(temporary != null ? "jdbc:sqlite:" + temporary : configured);
        AtomicInteger applied = new AtomicInteger();
        AtomicBoolean fresh = new AtomicBoolean(true);
        config.listener(new DatabaseListener() {
            @Override
            public void onSchemaChecked(SchemaPolicy policy, String before, String code, int count) {
                // once per migration set
                fresh.compareAndSet(true, before == null);
                applied.addAndGet(count);
            }
        });
        try (Database db = Database.start(config.build())) {
            out.printf("WindSurf Data tour on %s (%s)%n%n", db.engine(), temporary != null
                    ? "a fresh temporary database: " + temporary : db.config().maskedUrl());
            tour(db, fresh.get(), applied.get());
        } finally {
            if (temporary != null) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(Path.of(temporary + suffix));
                }
            }
        }
        out.printf("%nTour complete.%n");
        out.flush();
        return 0;
    }

    private void tour(Database db, boolean fresh, int applied) {
        UserService users = new UserService(db);
        OrganizationService organizations = new OrganizationService(db);
        ProjectService projects = new ProjectService(db);
        // A tag keeps names unique on a database that already holds data.
        String tag = fresh ? "" : "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);

        step("Migrate", StatusCommand.versions(db.health()) + ", " + applied + " migration(s) applied at start");

        OrganizationView acme = organizations.create("Acme" + tag);
        UserView alice = users.create(new UserCreate("alice" + tag, "alice" + tag + "@example.com",
                "correct horse battery staple"));
        UserView bob = users.create(new UserCreate("bob" + tag, "bob" + tag + "@example.com",
                "another long passphrase"));
        organizations.addMember(acme.id(), alice.id());
        ProjectView rocket = projects.create(ProjectCreate.of(alice.id(), "Rocket").withDescription("to the moon")
                .inOrganization(acme.id()));
        step("Create through the services", "organization " + acme.name() + ", users " + alice.username() + " and "
                + bob.username() + ", project " + rocket.name() + " owned by " + alice.username() + " in "
                + acme.name() + "; ids are UUIDv7: " + alice.id());
        detail("password stored as an Argon2id hash; views never carry it: " + alice);

        List<Users> members = db.read(tx -> new UsersDao(tx.configuration()).fetchByOrganizationId(acme.id()));
        int projectCount = db.read(tx -> tx.fetchCount(PROJECTS, PROJECTS.ORGANIZATION_ID.eq(acme.id())));
        step("Query through a generated DAO", "UsersDao.fetchByOrganizationId -> "
                + members.stream().map(Users::getUsername).collect(Collectors.joining(", "))
                + "; jOOQ fetchCount(PROJECTS ...) -> " + projectCount);

        try {
            users.create(new UserCreate("No Spaces!", "not-an-address", "short"));
            step("A validation error", "UNEXPECTED: accepted");
        } catch (ValidationException e) {
            step("A validation error", e.violations().size() + " violation(s), before any database work:");
            e.violations().forEach(v -> detail(v.field() + ": " + v.message()));
        }

        try {
            users.create(new UserCreate("alice" + tag, "someone.else" + tag + "@example.com", "yet another passphrase"));
            step("A duplicate", "UNEXPECTED: accepted");
        } catch (ConflictException e) {
            step("A duplicate", "ConflictException on field '" + e.field() + "' (constraint " + e.constraint()
                    + ", SQLState " + e.sqlState() + ")");
        }

        db.readOnly().enter("demo: maintenance window");
        try {
            users.create(new UserCreate("carol" + tag, "carol" + tag + "@example.com", "a passphrase for carol"));
            step("Read-only mode", "UNEXPECTED: write accepted");
        } catch (ReadOnlyModeException e) {
            step("Read-only mode", "entered by an operator; a write was refused without touching the database: "
                    + e.getMessage());
            detail("reads still work: get(" + alice.username() + ") -> " + users.get(alice.id()).email()
                    + "; members of " + acme.name() + ": "
                    + organizations.listMembers(acme.id(), PageRequest.first()).items().size());
        } finally {
            db.readOnly().exit();
        }
        detail("left read-only mode: " + db.readOnly().state().mode() + "; refused writes counted: "
                + db.readOnly().stats().rejectedWrites());

        Migrations windsurf = db.migrations("windsurf");
        List<Migration> history = windsurf.status().all();
        step("Migration history", history.size() + " migration(s):");
        for (Migration m : history) {
            detail(String.format("%-3s %-22s %-8s undo %s", m.version(), m.description(), m.state(),
                    m.undoAvailable() ? m.undoScript() : "MISSING"));
        }

        if (!fresh) {
            step("Downgrade and upgrade", "skipped: this database held data before the tour, and a downgrade "
                    + "drops tables");
            return;
        }
        // The app's own set (example) depends on WindSurf's: WindSurf's cannot go down while it is applied
        String refusal;
        try {
            windsurf.downgrade("-1");
            refusal = "UNEXPECTED: not refused";
        } catch (MigrationException e) {
            refusal = e.reason() == MigrationException.Reason.DEPENDENT_SET ? "refused while set example is applied"
                    : "UNEXPECTED: " + e.reason();
        }
        Migrations example = db.migrations("example");
        example.downgrade("base");
        MigrationRun down = windsurf.downgrade("-1");
        boolean projectsGone = windsurf.status().currentVersion().equals(down.toVersion());
        step("Downgrade one revision", refusal + "; after undoing set example: " + down.fromVersion() + " -> "
                + down.toVersion() + " in " + down.duration().toMillis() + " ms, running "
                + down.steps().stream().map(MigrationRun.Step::script).collect(Collectors.joining(", "))
                + (projectsGone ? "" : " (UNEXPECTED: version unchanged)"));
        MigrationRun up = windsurf.upgrade("head");
        example.upgrade("head");
        step("Upgrade to head", up.fromVersion() + " -> " + up.toVersion() + " in " + up.duration().toMillis()
                + " ms, then set example again; projects table back and empty: "
                + (db.read(tx -> tx.fetchCount(PROJECTS)) == 0));
    }

    private void step(String title, String result) {
        out.printf("%2d. %-30s %s%n", ++step, title, result);
    }

    private void detail(String line) {
        out.printf("    %-30s %s%n", "", line);
    }
}
