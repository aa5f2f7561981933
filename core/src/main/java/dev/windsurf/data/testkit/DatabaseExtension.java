package dev.windsurf.data.testkit;

import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives each test a fresh, fully migrated database and injects its parts as parameters of the test method and of
 * its {@code @BeforeEach} and {@code @AfterEach} methods: {@link Database}, {@link DSLContext} (the Database's
 * {@link Database#dsl()}), and any public class with a public constructor that takes just a {@link Database} (a
 * service, such as WindSurf's {@code UserService}) or just a jOOQ {@link org.jooq.Configuration} (a generated DAO,
 * such as {@code NotesDao}, on the Database's {@code dsl().configuration()}). All parameters of one test share one
 * database, migrated with every migration set on the class path; after the last {@code @AfterEach} method it is closed and removed, also when the test
 * failed. Register it with {@link DatabaseTest} (or {@code @ExtendWith(DatabaseExtension.class)}); run a test on both
 * engines with {@link OnBothEngines}.
 *
 * <p>Engine: SQLite in memory by default; PostgreSQL when {@code TEST_POSTGRES_URL} is set. {@link OnBothEngines}
 * runs SQLite and then PostgreSQL at {@code TEST_POSTGRES_URL}, else {@code jdbc:postgresql://127.0.0.1:5432/postgres}.
 * A test that needs PostgreSQL while the server is unreachable is skipped, with the reason and a WARN log line once
 * per run, or fails when {@code WINDSURF_REQUIRE_POSTGRES=true}. See {@link TestDatabases} for the templates and the
 * variables.
 *
 * <p>Stateless apart from the per-test store JUnit provides: safe under parallel test execution.
 */
public final class DatabaseExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback,
        TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DatabaseExtension.class);
    private static final String KEY = "test-database";
    private static final Set<Class<?>> TYPES = Set.of(Database.class, DSLContext.class);

    private final KitEnvironment env;

    /** The extension on the process environment's settings; JUnit calls this. */
    public DatabaseExtension() {
        this(KitEnvironment.process());
    }

    DatabaseExtension(KitEnvironment env) {
        this.env = env;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        // In an @OnBothEngines run, the run's own resolver (pinned to its engine) answers instead.
        return injectable(parameter.getParameter().getType()) && !onBothEngines(context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return resolve(parameter, context, env.defaultEngine(), env);
    }

    /**
     * Skips (or fails) the test before anything asks for a database when its engine is an unreachable PostgreSQL:
     * JUnit reports anything thrown while resolving a parameter as a failure, never as a skip.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (!onBothEngines(context) && env.defaultEngine() == Engine.POSTGRESQL) {
            requirePostgres(env);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestDatabase test = context.getStore(NAMESPACE).remove(KEY, TestDatabase.class);
        if (test != null) {
            test.close();
        }
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return onBothEngines(context);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(Engine.SQLITE, Engine.POSTGRESQL).map(engine -> new EngineRun(engine, env));
    }

    private static boolean onBothEngines(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        return method.isPresent() && AnnotationSupport.isAnnotated(method.get(), OnBothEngines.class);
    }

    static Object resolve(ParameterContext parameter, ExtensionContext context, Engine engine, KitEnvironment env) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("A fresh database is made for each test, so "
                    + parameter.getParameter().getType().getSimpleName() + " can be a parameter of @Test, "
                    + "@OnBothEngines, @BeforeEach and @AfterEach methods only, not of "
                    + parameter.getDeclaringExecutable().getName() + " (a constructor or an @BeforeAll/@AfterAll "
                    + "method). For one database per class, use TestDatabases.open(…) in @BeforeAll.");
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        TestDatabase test = store.get(KEY, TestDatabase.class);
        if (test == null) {
            test = TestDatabases.open(engine, settings -> { }, env);
            store.put(KEY, test);
        }
        Database db = test.database();
        Class<?> type = parameter.getParameter().getType();
        if (type == Database.class) {
            return db;
        }
        if (type == DSLContext.class) {
            return db.dsl();
        }
        Constructor<?> onDatabase = constructor(type, Database.class);
        Constructor<?> onConfiguration = onDatabase != null ? null : constructor(type, org.jooq.Configuration.class);
        try {
            if (onDatabase != null) {
                return onDatabase.newInstance(db);
            }
            if (onConfiguration != null) {
                return onConfiguration.newInstance(db.dsl().configuration());
            }
        } catch (InvocationTargetException e) {
            throw new ParameterResolutionException("Constructing " + type.getName() + " on the test database failed: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException("Cannot construct " + type.getName() + ": " + e, e);
        }
        throw new ParameterResolutionException("Cannot inject " + type.getName());
    }

    /** Database, DSLContext, or a public class built from one Database or one jOOQ Configuration. */
    static boolean injectable(Class<?> type) {
        return TYPES.contains(type) || constructor(type, Database.class) != null
                || constructor(type, org.jooq.Configuration.class) != null;
    }

    private static Constructor<?> constructor(Class<?> type, Class<?> parameter) {
        if (type.isPrimitive() || type.isInterface() || type.isArray() || Modifier.isAbstract(type.getModifiers())
                || !Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        try {
            Constructor<?> c = type.getConstructor(parameter);
            return Modifier.isPublic(c.getModifiers()) ? c : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Skips the current test when PostgreSQL is unreachable, or fails it when PostgreSQL is required. */
    static void requirePostgres(KitEnvironment env) {
        PostgresServer server = PostgresServer.of(env);
        Optional<String> reason = server.unavailableReason();
        if (reason.isPresent()) {
            String message = server.unavailableMessage(reason.get(), env.requirePostgres());
            if (env.requirePostgres()) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
    }

    /** One run of an {@link OnBothEngines} test, on one engine. */
    private record EngineRun(Engine engine, KitEnvironment env) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return engine == Engine.SQLITE ? "sqlite" : "postgresql";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new PinnedEngine(engine, env));
        }
    }

    /** Resolves the parameters of one {@link OnBothEngines} run on its engine; skips it early without PostgreSQL. */
    private record PinnedEngine(Engine engine, KitEnvironment env) implements ParameterResolver, BeforeEachCallback {

        @Override
        public void beforeEach(ExtensionContext context) {
            if (engine == Engine.POSTGRESQL) {
                requirePostgres(env);
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return injectable(parameter.getParameter().getType());
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return resolve(parameter, context, engine, env);
        }
    }
}
