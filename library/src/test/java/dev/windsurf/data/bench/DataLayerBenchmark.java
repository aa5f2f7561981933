package dev.windsurf.data.bench;

import static dev.windsurf.data.schema.Tables.PROJECTS;
import static dev.windsurf.data.schema.Tables.USERS;

import dev.windsurf.data.Database;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.internal.id.UuidV7;
import dev.windsurf.data.internal.jooq.UtcInstantBinding;
import dev.windsurf.data.internal.password.PasswordHasher;
import dev.windsurf.data.project.BatchInsertProjects;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.project.ProjectView;
import dev.windsurf.data.schema.tables.records.UsersRecord;
import dev.windsurf.data.user.PasswordHash;
import dev.windsurf.data.user.UnhashedUsers;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserFilter;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserUpdate;
import dev.windsurf.data.user.UserView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The library's service calls against what a developer would write by hand, on the same HikariCP pool and the same
 * data: raw JDBC (prepared statements, hand mapping to the same view records) and plain jOOQ with the generated
 * classes. Method names are {@code workload_variant}: {@code raw}, {@code jooq}, {@code library}.
 *
 * <p>Each variant does the same work: the same statements' effect, the same row locks on PostgreSQL, the same
 * result. Password hashing is left out of all three create variants: they store one precomputed Argon2id hash
 * (the library through {@link UnhashedUsers}); {@link PasswordHashBenchmark} measures the hash on its own.
 *
 * <p>The trial starts a fresh migrated database (an SQLite file in WAL mode, or a throwaway PostgreSQL database on
 * loopback) holding {@value #USERS_SEEDED} users; the bulk workloads' rows are deleted after each iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DataLayerBenchmark {

    static final int USERS_SEEDED = 1_000;
    static final int BULK_ROWS = 10_000;
    static final int PAGE = 50;

    private static final String USER_COLUMNS =
            "id, username, email, is_active, is_admin, organization_id, created_at, updated_at";

    @Param({"sqlite", "postgresql"})
    public String engine;

    private BenchDatabases databases;
    private Database db;
    private DataSource pool;
    private DSLContext jooq;
    private boolean sqlite;
    private UserService users;
    private ProjectService projects;
    private ProjectService batchProjects;
    private String storedHash;
    private String[] ids;
    private String bulkOwner;
    private int next;
    private long created;

    @Setup(Level.Trial)
    public void open() {
        databases = BenchDatabases.open(engine);
        db = databases.db();
        sqlite = engine.equals("sqlite");
        pool = db.dataSource();
        jooq = DSL.using(pool, sqlite ? SQLDialect.SQLITE : SQLDialect.POSTGRES);
        storedHash = PasswordHasher.owasp().hash("correct horse battery staple");
        users = UnhashedUsers.withPrecomputedHash(db, storedHash);
        projects = new ProjectService(db);
        batchProjects = BatchInsertProjects.of(db);
        List<UsersRecord> seed = new ArrayList<>(USERS_SEEDED);
        ids = new String[USERS_SEEDED];
        Instant now = Instant.now();
        for (int i = 0; i < USERS_SEEDED; i++) {
            UsersRecord r = jooq.newRecord(USERS);
            r.setId(UuidV7.next());
            r.setUsername("seed" + i);
            r.setEmail("seed" + i + "@example.com");
            r.setPasswordHash(PasswordHash.of(storedHash));
            r.setIsActive(true);
            r.setIsAdmin(false);
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            seed.add(r);
            ids[i] = r.getId();
        }
        jooq.transaction(cfg -> DSL.using(cfg).batchInsert(seed).execute());
        bulkOwner = ids[0];
    }

    @TearDown(Level.Iteration)
    public void removeBulkRows() {
        jooq.deleteFrom(PROJECTS).execute();
    }

    @TearDown(Level.Trial)
    public void close() {
        databases.close();
    }

    private String nextId() {
        String id = ids[next];
        next = (next + 1) % USERS_SEEDED;
        return id;
    }

    private String nextName() {
        return "bench" + Long.toString(created++, 36);
    }

    // --- get a user by primary key ---------------------------------------------------------------------------

    @Benchmark
    public UserView getUserById_raw() throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?")) {
            s.setString(1, nextId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? user(rs) : null;
            }
        }
    }

    @Benchmark
    public UserView getUserById_jooq() {
        UsersRecord r = jooq.selectFrom(USERS).where(USERS.ID.eq(nextId())).fetchOne();
        return new UserView(r.getId(), r.getUsername(), r.getEmail(), r.getIsActive(), r.getIsAdmin(),
                r.getOrganizationId(), r.getCreatedAt(), r.getUpdatedAt());
    }

    @Benchmark
    public UserView getUserById_library() {
        return users.get(nextId());
    }

    // --- list the first page of 50 users, by id --------------------------------------------------------------

    @Benchmark
    public List<UserView> listPageOf50_raw() throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT " + USER_COLUMNS + " FROM users ORDER BY id LIMIT ?")) {
            s.setInt(1, PAGE + 1);
            List<UserView> page = new ArrayList<>(PAGE + 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    page.add(user(rs));
                }
            }
            return page.size() > PAGE ? page.subList(0, PAGE) : page;
        }
    }

    @Benchmark
    public List<UserView> listPageOf50_jooq() {
        List<UserView> page = jooq.selectFrom(USERS).orderBy(USERS.ID).limit(PAGE + 1).fetch(r -> new UserView(
                r.getId(), r.getUsername(), r.getEmail(), r.getIsActive(), r.getIsAdmin(), r.getOrganizationId(),
                r.getCreatedAt(), r.getUpdatedAt()));
        return page.size() > PAGE ? page.subList(0, PAGE) : page;
    }

    @Benchmark
    public List<UserView> listPageOf50_library() {
        return users.list(UserFilter.all(), PageRequest.first(PAGE)).items();
    }

    // --- create a user (hash precomputed) ----------------------------------------------------------------------

    @Benchmark
    public String createUser_raw() throws SQLException {
        return insertUserRaw(nextName());
    }

    /**
     * Raw JDBC doing the service's work: the duplicate check it makes before hashing (one lookup by user name or
     * e-mail address, outside the transaction), then the insert. The like-for-like baseline of {@code
     * createUser_library}, which {@code createUser_raw} is not.
     */
    @Benchmark
    public String createUser_rawChecked() throws SQLException {
        String name = nextName();
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT username FROM users WHERE username = ? OR lower(email) = ? LIMIT 2")) {
            s.setString(1, name);
            s.setString(2, (name + "@example.com").toLowerCase(java.util.Locale.ROOT));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    throw new IllegalStateException("taken: " + name);
                }
            }
        }
        return insertUserRaw(name);
    }

    private String insertUserRaw(String name) throws SQLException {
        String id = UuidV7.next();
        Instant now = Instant.now();
        return inRawTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO users (id, username, email, password_hash,"
                    + " is_active, is_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, name);
                s.setString(3, name + "@example.com");
                s.setString(4, storedHash);
                s.setBoolean(5, true);
                s.setBoolean(6, false);
                setInstant(s, 7, now);
                setInstant(s, 8, now);
                s.executeUpdate();
            }
            return id;
        });
    }

    @Benchmark
    public String createUser_jooq() {
        String name = nextName();
        return jooq.transactionResult(cfg -> {
            Instant now = Instant.now();
            UsersRecord r = DSL.using(cfg).newRecord(USERS);
            r.setId(UuidV7.next());
            r.setUsername(name);
            r.setEmail(name + "@example.com");
            r.setPasswordHash(PasswordHash.of(storedHash));
            r.setIsActive(true);
            r.setIsAdmin(false);
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            r.insert();
            return r.getId();
        });
    }

    @Benchmark
    public String createUser_library() {
        String name = nextName();
        return users.create(new UserCreate(name, name + "@example.com", "correct horse battery staple")).id();
    }

    // --- update a user's e-mail: lock and read the row, write the change, return the view ----------------------

    @Benchmark
    public UserView updateUser_raw() throws SQLException {
        String id = nextId();
        String email = nextName() + "@example.org";
        return inRawTransaction(c -> {
            UserView before;
            try (PreparedStatement s = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?"
                    + (sqlite ? "" : " FOR UPDATE"))) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    before = user(rs);
                }
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET email = ?, updated_at = ? WHERE id = ?")) {
                s.setString(1, email);
                setInstant(s, 2, now);
                s.setString(3, id);
                s.executeUpdate();
            }
            return new UserView(before.id(), before.username(), email, before.active(), before.admin(),
                    before.organizationId(), before.createdAt(), now);
        });
    }

    @Benchmark
    public UserView updateUser_jooq() {
        String id = nextId();
        String email = nextName() + "@example.org";
        return jooq.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            var select = tx.selectFrom(USERS).where(USERS.ID.eq(id));
            UsersRecord r = sqlite ? select.fetchOne() : select.forUpdate().fetchOne();
            r.setEmail(email);
            r.setUpdatedAt(Instant.now());
            r.update();
            return new UserView(r.getId(), r.getUsername(), r.getEmail(), r.getIsActive(), r.getIsAdmin(),
                    r.getOrganizationId(), r.getCreatedAt(), r.getUpdatedAt());
        });
    }

    @Benchmark
    public UserView updateUser_library() {
        return users.update(nextId(), UserUpdate.email(nextName() + "@example.org"));
    }

    // --- insert 10,000 projects in bulk ---------------------------------------------------------------------------

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int bulkInsert10k_raw() throws SQLException {
        String prefix = nextName() + "-";
        Instant now = Instant.now();
        return inRawTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO projects (id, name, description, owner_id,"
                    + " organization_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < BULK_ROWS; i++) {
                    s.setString(1, UuidV7.next());
                    s.setString(2, prefix + i);
                    s.setString(3, null);
                    s.setString(4, bulkOwner);
                    s.setString(5, null);
                    setInstant(s, 6, now);
                    setInstant(s, 7, now);
                    s.addBatch();
                    if ((i + 1) % 1_000 == 0) {
                        s.executeBatch();
                    }
                }
            }
            return BULK_ROWS;
        });
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int bulkInsert10k_jooq() {
        String prefix = nextName() + "-";
        return jooq.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Instant now = Instant.now();
            for (int from = 0; from < BULK_ROWS; from += 1_000) {
                BatchBindStep batch = tx.batch(tx.insertInto(PROJECTS, PROJECTS.ID, PROJECTS.NAME, PROJECTS.OWNER_ID,
                        PROJECTS.CREATED_AT, PROJECTS.UPDATED_AT)
                        .values((String) null, (String) null, (String) null, (Instant) null, (Instant) null));
                for (int i = from; i < from + 1_000; i++) {
                    batch = batch.bind(UuidV7.next(), prefix + i, bulkOwner, now, now);
                }
                batch.execute();
            }
            return BULK_ROWS;
        });
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<ProjectView> bulkInsert10k_library() {
        String prefix = nextName() + "-";
        List<ProjectCreate> batch = new ArrayList<>(BULK_ROWS);
        for (int i = 0; i < BULK_ROWS; i++) {
            batch.add(ProjectCreate.of(bulkOwner, prefix + i));
        }
        return projects.createAll(batch);
    }

    /** The service's JDBC-batch path, which SQLite always takes, on PostgreSQL too: the baseline of its COPY path. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<ProjectView> bulkInsert10k_libraryBatch() {
        String prefix = nextName() + "-";
        List<ProjectCreate> batch = new ArrayList<>(BULK_ROWS);
        for (int i = 0; i < BULK_ROWS; i++) {
            batch.add(ProjectCreate.of(bulkOwner, prefix + i));
        }
        return batchProjects.createAll(batch);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** JDBC work on one connection of the pool. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs raw JDBC work in a transaction: commit, or roll back on failure; autocommit restored either way. */
    private <T> T inRawTransaction(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private UserView user(ResultSet rs) throws SQLException {
        return new UserView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                rs.getString(6), instant(rs, 7), instant(rs, 8));
    }

    private Instant instant(ResultSet rs, int column) throws SQLException {
        if (sqlite) {
            String text = rs.getString(column);
            return text == null ? null : Instant.parse(text);
        }
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (sqlite) {
            s.setString(index, UtcInstantBinding.format(value));
        } else {
            s.setObject(index, value.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        }
    }
}
