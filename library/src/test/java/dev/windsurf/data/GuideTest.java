package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.codegen.SchemaCodegen;
import dev.windsurf.data.internal.schema.SchemaDiff;
import dev.windsurf.data.internal.schema.SchemaReader;
import dev.windsurf.data.internal.schema.SchemaSnapshot;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.testsupport.TestSqlite;
import dev.windsurf.data.user.TestUsers;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserView;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.flywaydb.core.Flyway;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Follows docs/guide.md for real, on a copy of the project's migrations: adds the guide's migrations, runs the build
 * step's generation on them, compiles the generated classes together with the guide's records, service and test, and
 * runs them on PostgreSQL and SQLite; then rebuilds the table as the guide does and checks that every row survives,
 * that both engines end with the same schema, and that each undo script restores the schema before it exactly.
 */
class GuideTest {

    private static final Pattern GUIDE_FILE = Pattern.compile(
            "<!-- guide-file: ([^>]+?) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final Path PROJECT_MIGRATIONS = Path.of("../src-migrations/src/main/resources/db/migration");
    private static final String BINDING = "dev.windsurf.data.internal.jooq.UtcInstantBinding";

    private static Map<String, String> guide;
    private static Path work;
    private static Path migrationsV4;
    private static Path migrationsV5;
    private static SchemaCodegen.Result generatedV4;
    private static ClassLoader classesV4;
    private static ClassLoader classesV5;

    @BeforeAll
    static void followTheGuidesBuildSteps() throws Exception {
        guide = guideFiles();
        work = Files.createTempDirectory(TestSqlite.tempDirectory(), "guide");

        // Step 1: the migrations, next to copies of the project's own
        migrationsV4 = copyOfProjectMigrations("migrations-v4");
        Files.writeString(migrationsV4.resolve("V4__create_tasks.sql"), guide.get("V4__create_tasks.sql"));
        migrationsV5 = copyOfProjectMigrations("migrations-v5");
        Files.writeString(migrationsV5.resolve("V4__create_tasks.sql"), guide.get("V4__create_tasks.sql"));
        Files.writeString(migrationsV5.resolve("V5__replace_task_done_flag_with_status.sql"),
                guide.get("V5__replace_task_done_flag_with_status.sql"));

        // Step 2: the build step generates the classes; they and the guide's Java files compile together
        generatedV4 = generate(migrationsV4, "v4");
        classesV4 = compile("v4", List.of("TaskCreate.java", "TaskView.java", "TaskService.java",
                "TaskServiceTest.java"));
        SchemaCodegen.Result generatedV5 = generate(migrationsV5, "v5");
        assertThat(generatedV5.schemaVersion()).isEqualTo("5");
        classesV5 = compile("v5", List.of("TaskCreate.java", "TaskView.java (V5)", "TaskService.java (V5)"));
    }

    @Test
    void shouldGenerateTheNewTablesClassesFromTheGuidesMigration() throws Exception {
        Path schema = work.resolve("v4/src/guide/v4/schema");

        assertThat(generatedV4.schemaVersion()).isEqualTo("4");
        assertThat(schema.resolve("tables/Tasks.java")).exists();
        assertThat(schema.resolve("tables/records/TasksRecord.java")).exists();
        assertThat(schema.resolve("tables/daos/TasksDao.java")).exists();
        assertThat(classesV4.loadClass("guide.v4.schema.SchemaMigrations").getField("VERSION").get(null))
                .isEqualTo("4");
        assertThat(Files.readString(schema.resolve("tables/Tasks.java"))).contains("IS_DONE", "PROJECT_ID");
        assertThat(Files.readString(work.resolve("v5/src/guide/v5/schema/tables/Tasks.java")))
                .contains("STATUS").doesNotContain("IS_DONE");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void shouldInsertAndSelectThroughTheGeneratedClassesAndTheGuidesService(Engine engine) throws Exception {
        try (Fresh fresh = Fresh.of(engine)) {
            // Given a database at version 3, then migrated with the guide's V4
            fresh.migrate(migrationsV4, "3");
            SchemaSnapshot before = fresh.schema();
            fresh.migrate(migrationsV4, "4");
            try (Database db = fresh.start()) {
                ProjectView project = newProject(db);

                // When a row is written and read through the generated table and record classes
                Table<?> tasks = (Table<?>) classesV4.loadClass("guide.v4.schema.Tables").getField("TASKS").get(null);
                Instant at = Instant.parse("2026-11-24T09:00:00.123456Z");
                String id = "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091";
                db.writeVoid(tx -> tx.insertInto(tasks)
                        .set(field(tasks, "id", String.class), id)
                        .set(field(tasks, "project_id", String.class), project.id())
                        .set(field(tasks, "title", String.class), "Write note G")
                        .set(field(tasks, "created_at", Instant.class), at)
                        .set(field(tasks, "updated_at", Instant.class), at)
                        .execute());
                Record row = db.read(tx -> tx.selectFrom(tasks).fetchSingle());

                // Then it is a generated TasksRecord holding what was written, the default included
                assertThat(row.getClass().getName()).isEqualTo("guide.v4.schema.tables.records.TasksRecord");
                assertThat(row.get(field(tasks, "title", String.class))).isEqualTo("Write note G");
                assertThat(row.get(field(tasks, "is_done", Boolean.class))).isFalse();
                assertThat(row.get(field(tasks, "created_at", Instant.class))).isEqualTo(at);

                // And the guide's service creates and lists tasks on the same table
                Object service = newService(classesV4, db);
                call(service, "create", task(classesV4, project.id(), "Build the mill"));
                List<?> listed = (List<?>) call(service, "listByProject", project.id());
                assertThat(listed).extracting(v -> component(v, "title"))
                        .containsExactly("Write note G", "Build the mill");
                assertThat(listed).extracting(v -> component(v, "done")).containsExactly(false, false);
            }

            // And the undo script takes the schema back to version 3 exactly
            fresh.run(guide.get("U4__create_tasks.sql"));
            assertThat(SchemaDiff.compare(before, "version 3", fresh.schema(), "after U4", SchemaDiff.Mode.SAME_ENGINE))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void shouldKeepEveryRowThroughTheTableRebuildAndItsUndo(Engine engine) throws Exception {
        try (Fresh fresh = Fresh.of(engine)) {
            // Given tasks written by the version 4 service, one of them done
            fresh.migrate(migrationsV5, "4");
            SchemaSnapshot version4 = fresh.schema();
            ProjectView project;
            try (Database db = fresh.start()) {
                project = newProject(db);
                Object service = newService(classesV4, db);
                Object done = call(service, "create", task(classesV4, project.id(), "Write note G"));
                call(service, "create", task(classesV4, project.id(), "Build the mill"));
                db.writeVoid(tx -> tx.execute("UPDATE tasks SET is_done = TRUE WHERE id = ?", component(done, "id")));
            }
            List<List<String>> rowsAt4 = fresh.rows("SELECT id, project_id, title, created_at, updated_at, "
                    + "CASE WHEN is_done THEN 'done' ELSE 'open' END FROM tasks ORDER BY id");

            // When the guide's V5 rebuilds the table
            fresh.migrate(migrationsV5, "5");

            // Then every row is there with its values, the flag turned into a status
            List<List<String>> rowsAt5 = fresh.rows("SELECT id, project_id, title, created_at, updated_at, status "
                    + "FROM tasks ORDER BY id");
            assertThat(rowsAt5).isEqualTo(rowsAt4);
            assertThat(rowsAt5).extracting(r -> r.get(5)).containsExactly("done", "open");
            SchemaSnapshot.Table tasks = fresh.schema().tables().get("tasks");
            assertThat(tasks.columns()).containsKey("status").doesNotContainKey("is_done");
            assertThat(tasks.indexes()).containsKey("ix_tasks_project_id");
            assertThat(tasks.checks()).containsKey("ck_tasks_status");
            assertThat(tasks.foreignKeys().get("fk_tasks_project").onDelete()).isEqualTo("CASCADE");
            assertThat(fresh.schema().tables()).doesNotContainKey("tasks_rebuild");

            // And the version 5 service works on the rebuilt table, whose CHECK refuses other statuses
            try (Database db = fresh.start()) {
                Object service = newService(classesV5, db);
                String open = rowsAt5.get(1).get(0);
                call(service, "changeStatus", open, "in_progress");
                assertThat((List<?>) call(service, "listByProject", project.id()))
                        .extracting(v -> component(v, "status")).containsExactly("done", "in_progress");
                assertThatThrownBy(() -> call(service, "changeStatus", open, "later"))
                        .isInstanceOf(ValidationException.class);
                assertThatThrownBy(() -> db.writeVoid(tx -> tx.execute("UPDATE tasks SET status = 'later'")))
                        .isInstanceOf(DataException.class);
            }

            // And the undo rebuilds version 4's table exactly, done staying done and in_progress becoming not done
            fresh.run(guide.get("U5__replace_task_done_flag_with_status.sql"));
            assertThat(SchemaDiff.compare(version4, "version 4", fresh.schema(), "after U5",
                    SchemaDiff.Mode.SAME_ENGINE)).isEmpty();
            assertThat(fresh.rows("SELECT title, CASE WHEN is_done THEN 'true' ELSE 'false' END FROM tasks "
                    + "ORDER BY id"))
                    .containsExactly(List.of("Write note G", "true"), List.of("Build the mill", "false"));

            // And the foreign key came back through both rebuilds: deleting the project deletes its tasks
            try (Database db = fresh.start()) {
                new ProjectService(db).delete(project.id());
            }
            assertThat(fresh.rows("SELECT id FROM tasks")).isEmpty();
        }
    }

    @Test
    void shouldEndWithTheSameSchemaOnBothEnginesAfterTheRebuild() throws Exception {
        try (Fresh postgres = Fresh.of(Engine.POSTGRESQL); Fresh sqlite = Fresh.of(Engine.SQLITE)) {
            postgres.migrate(migrationsV5, "5");
            sqlite.migrate(migrationsV5, "5");

            List<String> differences = SchemaDiff.compare(postgres.schema(), "postgresql", sqlite.schema(), "sqlite",
                    SchemaDiff.Mode.ACROSS_ENGINES);

            assertThat(differences).isEmpty();
            assertThat(sqlite.schema().tables().get("tasks").columns().get("status").defaultValue()).contains("open");
        }
    }

    // ---------------------------------------------------------------- the guide's files

    private static Map<String, String> guideFiles() throws IOException {
        Path file = Path.of(System.getProperty("user.dir")).resolve("../docs/guide.md").normalize();
        Map<String, String> files = new LinkedHashMap<>();
        Matcher m = GUIDE_FILE.matcher(Files.readString(file));
        while (m.find()) {
            assertThat(files.put(m.group(1), m.group(2))).as("guide file %s appears once", m.group(1)).isNull();
        }
        assertThat(files).containsKeys("V4__create_tasks.sql", "U4__create_tasks.sql",
                "V5__replace_task_done_flag_with_status.sql", "U5__replace_task_done_flag_with_status.sql",
                "TaskCreate.java", "TaskView.java", "TaskService.java", "TaskServiceTest.java",
                "TaskView.java (V5)", "TaskService.java (V5)");
        return files;
    }

    private static Path copyOfProjectMigrations(String name) throws IOException {
        Path copy = Files.createDirectories(work.resolve(name));
        try (Stream<Path> files = Files.list(PROJECT_MIGRATIONS)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static SchemaCodegen.Result generate(Path migrations, String version) {
        return SchemaCodegen.builder(migrations, work.resolve(version + "/src"))
                .workDirectory(work.resolve(version + "/codegen"))
                .packageName("guide." + version + ".schema")
                .instantBinding(BINDING)
                .build()
                .generate();
    }

    /** Compiles the generated classes with the guide's Java files, its schema package renamed to the generated one. */
    private static ClassLoader compile(String version, List<String> guideFiles) throws IOException {
        Path sources = work.resolve(version + "/src");
        Path classes = Files.createDirectories(work.resolve(version + "/classes"));
        for (String name : guideFiles) {
            String source = guide.get(name).replace("dev.windsurf.data.schema", "guide." + version + ".schema");
            Path file = sources.resolve("dev/windsurf/data/task").resolve(name.replace(" (V5)", ""));
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
        }
        List<Path> all;
        try (Stream<Path> files = Files.walk(sources)) {
            all = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compiler.getTask(diagnostics, null, null,
                List.of("--release", "21", "-proc:none", "-classpath", System.getProperty("java.class.path"),
                        "-d", classes.toString()), null,
                compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjectsFromPaths(all)).call();
        assertThat(compiled).as("the generated classes and the guide's %s compile: %s", guideFiles, diagnostics)
                .isTrue();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, GuideTest.class.getClassLoader());
    }

    // ---------------------------------------------------------------- calling the compiled guide code

    private static ProjectView newProject(Database db) {
        UserView ada = TestUsers.cheap(db).create(new UserCreate("ada", "ada@example.com", "correct horse battery"));
        return new ProjectService(db).create(ProjectCreate.of(ada.id(), "Analytical Engine"));
    }

    private static Object newService(ClassLoader classes, Database db) throws Exception {
        return classes.loadClass("dev.windsurf.data.task.TaskService").getConstructor(Database.class).newInstance(db);
    }

    private static Object task(ClassLoader classes, String projectId, String title) throws Exception {
        return classes.loadClass("dev.windsurf.data.task.TaskCreate").getConstructor(String.class, String.class)
                .newInstance(projectId, title);
    }

    /** Calls a public method by name, rethrowing what it threw. */
    private static Object call(Object target, String method, Object... args) throws Exception {
        for (var m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception thrown) {
                        throw thrown;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            }
        }
        throw new AssertionError(target.getClass() + " has no method " + method);
    }

    private static Object component(Object record, String name) {
        try {
            return record.getClass().getMethod(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Field<T> field(Table<?> table, String name, Class<T> type) {
        Field<?> f = table.field(name);
        assertThat(f).as("generated field %s.%s", table.getName(), name).isNotNull();
        assertThat(f.getType()).isEqualTo(type);
        return (Field<T>) f;
    }

    // ---------------------------------------------------------------- a fresh database of one engine

    /** An empty database, migrated from a directory of files as Flyway would at start. */
    private record Fresh(Engine engine, String url, TestPostgres.ThrowawayDatabase postgres) implements AutoCloseable {

        static Fresh of(Engine engine) {
            if (engine == Engine.POSTGRESQL) {
                TestPostgres.ThrowawayDatabase db = TestPostgres.create();
                return new Fresh(engine, db.url(), db);
            }
            return new Fresh(engine, "jdbc:sqlite:" + TestSqlite.newDatabaseFile("guide"), null);
        }

        void migrate(Path migrations, String target) {
            Flyway.configure().dataSource(url, user(), password())
                    .locations("filesystem:" + migrations.toAbsolutePath()).target(target)
                    .failOnMissingLocations(true).load().migrate();
        }

        Database start() {
            return Database.start(DatabaseConfig.builder().url(url).credentials(user(), password())
                    .schemaPolicy(SchemaPolicy.NONE).build());
        }

        Connection connect() throws Exception {
            return DriverManager.getConnection(url, user(), password());
        }

        SchemaSnapshot schema() throws Exception {
            try (Connection c = connect()) {
                return SchemaReader.read(c);
            }
        }

        /** Runs a script, statement by statement, in one transaction, as a downgrade would. */
        void run(String script) throws Exception {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                StringBuilder sql = new StringBuilder();
                for (String line : script.split("\n")) {
                    if (!line.strip().startsWith("--")) {
                        sql.append(line).append('\n');
                    }
                }
                for (String statement : sql.toString().split(";")) {
                    if (!statement.isBlank()) {
                        st.execute(statement);
                    }
                }
                c.commit();
            }
        }

        List<List<String>> rows(String query) throws Exception {
            try (Connection c = connect(); PreparedStatement st = c.prepareStatement(query);
                 ResultSet rs = st.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }

        private String user() {
            return engine == Engine.POSTGRESQL ? TestPostgres.USER : null;
        }

        private String password() {
            return engine == Engine.POSTGRESQL ? TestPostgres.PASSWORD : null;
        }

        @Override
        public void close() {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
