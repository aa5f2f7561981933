package dev.windsurf.data.project;

import static dev.windsurf.data.schema.Tables.ORGANIZATIONS;
import static dev.windsurf.data.schema.Tables.PROJECTS;
import static dev.windsurf.data.schema.Tables.USERS;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.DataException;
import dev.windsurf.data.Engine;
import dev.windsurf.data.Database;
import dev.windsurf.data.MissingReferenceException;
import dev.windsurf.data.NotFoundException;
import dev.windsurf.data.Page;
import dev.windsurf.data.PageRequest;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.internal.domain.Jdbc;
import dev.windsurf.data.internal.domain.Pages;
import dev.windsurf.data.internal.domain.RowLocks;
import dev.windsurf.data.internal.domain.Timestamps;
import dev.windsurf.data.internal.domain.Views;
import dev.windsurf.data.internal.id.UuidV7;
import dev.windsurf.data.internal.jooq.UtcInstantBinding;
import dev.windsurf.data.internal.validation.InputValidator;
import dev.windsurf.data.internal.validation.TextRules;
import dev.windsurf.data.schema.tables.records.ProjectsRecord;
import dev.windsurf.data.schema.tables.records.UsersRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/**
 * Projects: create them for an owner (optionally inside the owner's organization), find, rename, describe, transfer
 * and delete them, list them by owner or by organization.
 *
 * <p>Rules:
 * <ul>
 *   <li>A project's name is unique among its owner's projects (compared exactly, as stored); a duplicate, also one
 *   that a transfer would create, raises {@link ConflictException} on field {@code name}.</li>
 *   <li>A project inside an organization is created, or transferred, only for an owner who is a member of that
 *   organization; otherwise {@link ConflictException} on field {@code organizationId} (create) or
 *   {@code newOwnerId} (transfer). Removing a member from the organization later leaves their projects where they
 *   are.</li>
 *   <li>An owner or organization that does not exist raises {@link MissingReferenceException}; the check runs inside
 *   the transaction, with the referred row locked on PostgreSQL, so it still holds at commit.</li>
 *   <li>Deleting the organization keeps its projects, outside any organization; an owner cannot be deleted while
 *   they own projects.</li>
 * </ul>
 *
 * <p>Every input is validated before any database work ({@link ValidationException} lists every violation); each call
 * runs in one transaction of the {@link Database}, which retries it after transient failures ({@link #get} is one
 * statement, run by {@link Database#query}). {@code updated_at}
 * moves forward whenever a call changes the row; a call that changes nothing writes nothing.
 *
 * <p>Thread-safe and stateless apart from the {@link Database}: share one instance, from platform or virtual
 * threads.
 */
public final class ProjectService {

    private static final String ENTITY = "project";

    /** The most projects {@link #createAll} takes in one call. */
    public static final int MAX_BULK = 100_000;

    /** Rows per JDBC batch in {@link #createAll}: bounds what the driver buffers at once. */
    private static final int BATCH_SIZE = 1_000;

    private final Database db;
    /** Whether {@link #createAll} streams its rows with {@code COPY} (PostgreSQL) rather than a JDBC batch. */
    private final boolean copy;
    private final String selectById;

    /**
     * A service over the database.
     *
     * @param db the database to work on
     * @throws NullPointerException when {@code db} is null
     */
    public ProjectService(Database db) {
        this(db, db.engine() == Engine.POSTGRESQL);
    }

    ProjectService(Database db, boolean copy) {
        this.db = Objects.requireNonNull(db, "db cannot be null");
        if (copy && db.engine() != Engine.POSTGRESQL) {
            throw new IllegalArgumentException("COPY is PostgreSQL's: SQLite inserts in JDBC batches");
        }
        this.copy = copy;
        this.selectById = Jdbc.renderer(db).select(VIEW).from(PROJECTS).where(PROJECTS.ID.eq(DSL.val(null, PROJECTS.ID)))
                .getSQL();
    }

    /** The columns of a {@link ProjectView}, in the order {@link #view} reads them. */
    private static final List<SelectField<?>> VIEW = List.of(PROJECTS.ID, PROJECTS.NAME, PROJECTS.DESCRIPTION,
            PROJECTS.OWNER_ID, PROJECTS.ORGANIZATION_ID, PROJECTS.CREATED_AT, PROJECTS.UPDATED_AT);

    private ProjectView view(ResultSet row) throws SQLException {
        boolean sqlite = db.engine() == Engine.SQLITE;
        return new ProjectView(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), UtcInstantBinding.read(row, 6, sqlite), UtcInstantBinding.read(row, 7, sqlite));
    }

    /**
     * Creates a project for an owner, inside an organization when {@link ProjectCreate#organizationId()} is given.
     *
     * @param project the new project's fields
     * @return the stored project, with its id and timestamps
     * @throws ValidationException       when a field breaks its rules (all are reported)
     * @throws MissingReferenceException when the owner (field {@code ownerId}) or the organization (field
     *                                   {@code organizationId}) does not exist
     * @throws ConflictException         when the owner is not a member of the organization (field
     *                                   {@code organizationId}), or already owns a project of this name (field
     *                                   {@code name})
     * @throws DataException             (or another subtype) when the database fails
     */
    public ProjectView create(ProjectCreate project) {
        Objects.requireNonNull(project, "project cannot be null");
        InputValidator.check().bean(project).orThrow();
        String id = UuidV7.next();
        return db.write(tx -> {
            String organizationId = project.organizationId();
            if (organizationId != null) {
                requireOrganization(tx, organizationId);
            }
            UsersRecord owner = requireUser(tx, project.ownerId(), "ownerId");
            if (organizationId != null && !organizationId.equals(owner.getOrganizationId())) {
                throw notAMember(owner.getId(), organizationId);
            }
            Instant now = Timestamps.now(db.config().clock());
            ProjectsRecord r = tx.newRecord(PROJECTS);
            r.setId(id);
            r.setName(project.name());
            r.setDescription(project.description());
            r.setOwnerId(project.ownerId());
            r.setOrganizationId(organizationId);
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            r.insert();
            return Views.project(r);
        });
    }

    /**
     * Creates many projects in one transaction: the bulk counterpart of {@link #create}, under the same rules, for
     * imports and seeding. All of them are created, or none.
     *
     * <p>Every project is validated before any database work; violations are reported per element
     * ({@code projects[3].name}). Each distinct owner and organization is checked (and locked on PostgreSQL) once.
     * On PostgreSQL the rows are streamed with one {@code COPY … FROM STDIN} (text format, escaped); on SQLite the
     * insert is rendered once by jOOQ and the rows go to the driver in JDBC batches of 1,000. A name taken twice
     * (in the database, or twice in the list) fails the whole call with the same {@link ConflictException} on either
     * engine (field {@code name}, constraint {@code uq_projects_owner_name}); it does not say which element, as the
     * database reports the clash for the whole statement. Ids are generated in list order, so they sort in that order
     * too.
     *
     * @param projects at most {@value #MAX_BULK} projects; an empty list creates nothing
     * @return the created projects, in the order given
     * @throws ValidationException       when an element breaks its rules (all are reported), is null, or the list is
     *                                   longer than {@value #MAX_BULK}
     * @throws MissingReferenceException when an owner or an organization does not exist
     * @throws ConflictException         when an owner is not a member of the organization, or a name is taken by
     *                                   another project of the same owner (in the database or earlier in the list)
     * @throws DataException             (or another subtype) when the database fails
     */
    public List<ProjectView> createAll(List<ProjectCreate> projects) {
        Objects.requireNonNull(projects, "projects cannot be null");
        InputValidator.Check check = InputValidator.check();
        if (projects.size() > MAX_BULK) {
            check.add("projects", "must hold at most " + MAX_BULK + " projects, was " + projects.size());
            check.orThrow();
        }
        for (int i = 0; i < projects.size(); i++) {
            ProjectCreate p = projects.get(i);
            if (p == null) {
                check.add("projects[" + i + "]", "must not be null");
            } else if (!passesRules(p)) {
                check.element("projects[" + i + "]", p);
            }
        }
        check.orThrow();
        if (projects.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(projects.size());
        for (int i = 0; i < projects.size(); i++) {
            ids.add(UuidV7.next());
        }
        return db.write(tx -> {
            Map<String, String> ownerOrganization = new HashMap<>();
            Set<String> organizations = new HashSet<>();
            for (ProjectCreate p : projects) {
                if (p.organizationId() != null && organizations.add(p.organizationId())) {
                    requireOrganization(tx, p.organizationId());
                }
            }
            for (ProjectCreate p : projects) {
                if (!ownerOrganization.containsKey(p.ownerId())) {
                    ownerOrganization.put(p.ownerId(), requireUser(tx, p.ownerId(), "ownerId").getOrganizationId());
                }
                if (p.organizationId() != null && !p.organizationId().equals(ownerOrganization.get(p.ownerId()))) {
                    throw notAMember(p.ownerId(), p.organizationId());
                }
            }
            Instant now = Timestamps.now(db.config().clock());
            List<ProjectView> views = new ArrayList<>(projects.size());
            // The statement is rendered by jOOQ from the generated table; the rows are bound straight into a JDBC
            // batch, as the generated classes would bind them: jOOQ's own batch binding costs as much per row as
            // the insert itself (see docs/benchmarks.md).
            String insert = tx.insertInto(PROJECTS, PROJECTS.ID, PROJECTS.NAME, PROJECTS.DESCRIPTION,
                    PROJECTS.OWNER_ID, PROJECTS.ORGANIZATION_ID, PROJECTS.CREATED_AT, PROJECTS.UPDATED_AT)
                    .values((String) null, (String) null, (String) null, (String) null, (String) null,
                            (Instant) null, (Instant) null)
                    .getSQL();
            if (copy) {
                ProjectCopy.copy(tx, projects, ids, now);
                for (int i = 0; i < projects.size(); i++) {
                    ProjectCreate p = projects.get(i);
                    views.add(new ProjectView(ids.get(i), p.name(), p.description(), p.ownerId(), p.organizationId(),
                            now, now));
                }
                return views;
            }
            boolean sqlite = db.engine() == Engine.SQLITE;
            tx.connection(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(insert)) {
                    for (int i = 0; i < projects.size(); i++) {
                        ProjectCreate p = projects.get(i);
                        statement.setString(1, ids.get(i));
                        statement.setString(2, p.name());
                        statement.setString(3, p.description());
                        statement.setString(4, p.ownerId());
                        statement.setString(5, p.organizationId());
                        UtcInstantBinding.bind(statement, 6, now, sqlite);
                        UtcInstantBinding.bind(statement, 7, now, sqlite);
                        statement.addBatch();
                        if ((i + 1) % BATCH_SIZE == 0 || i == projects.size() - 1) {
                            statement.executeBatch();
                        }
                        views.add(new ProjectView(ids.get(i), p.name(), p.description(), p.ownerId(),
                                p.organizationId(), now, now));
                    }
                }
            });
            return views;
        });
    }

    /**
     * The project with this id.
     *
     * @param id the project's id, a lowercase UUID
     * @return the project
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such project
     */
    public ProjectView get(String id) {
        InputValidator.check().id("id", id).orThrow();
        ProjectView project = db.query(tx -> Jdbc.one(tx, selectById, s -> s.setString(1, id), this::view));
        if (project == null) {
            throw new NotFoundException(ENTITY, id);
        }
        return project;
    }

    /**
     * Renames the project. Renaming to the current name writes nothing.
     *
     * @param id   the project's id, a lowercase UUID
     * @param name the new name, 1 to 100 characters (code points), no control characters, no whitespace at either end
     * @return the project after the change
     * @throws ValidationException when the id or the name breaks its rules (all are reported)
     * @throws NotFoundException   when there is no such project
     * @throws ConflictException   when the owner has another project of this name (field {@code name})
     */
    public ProjectView rename(String id, String name) {
        InputValidator.check().id("id", id).name("name", name).orThrow();
        return change(id, r -> r.setName(name));
    }

    /**
     * Replaces the description; null removes it. Setting the current description writes nothing.
     *
     * @param id          the project's id, a lowercase UUID
     * @param description the new description, at most 2,000 characters (code points), line breaks and tabs allowed;
     *                    or null
     * @return the project after the change
     * @throws ValidationException when the id or the description breaks its rules (all are reported)
     * @throws NotFoundException   when there is no such project
     */
    public ProjectView describe(String id, String description) {
        InputValidator.check().id("id", id).description("description", description).orThrow();
        return change(id, r -> r.setDescription(description));
    }

    /**
     * Gives the project to another owner. When the project belongs to an organization, the new owner must be a member
     * of it. Transferring to the current owner writes nothing.
     *
     * @param id         the project's id, a lowercase UUID
     * @param newOwnerId the new owner's user id, a lowercase UUID
     * @return the project after the change
     * @throws ValidationException       when an id is not a lowercase UUID (both are reported)
     * @throws NotFoundException         when there is no such project
     * @throws MissingReferenceException when the new owner does not exist (field {@code newOwnerId})
     * @throws ConflictException         when the new owner is not a member of the project's organization (field
     *                                   {@code newOwnerId}), or already owns a project of this name (field
     *                                   {@code name})
     */
    public ProjectView transfer(String id, String newOwnerId) {
        InputValidator.check().id("id", id).id("newOwnerId", newOwnerId).orThrow();
        return db.write(tx -> {
            ProjectsRecord r = lock(tx, id);
            if (r.getOwnerId().equals(newOwnerId)) {
                return Views.project(r);
            }
            giveTo(tx, r, newOwnerId, "newOwnerId");
            return save(r);
        });
    }

    /**
     * Applies a partial update in one transaction: the new name, the new (or removed) description and the new owner
     * all take effect, or none does. Rules as for {@link #rename}, {@link #describe} and {@link #transfer}; an update
     * that changes nothing writes nothing.
     *
     * @param id     the project's id, a lowercase UUID
     * @param update the changes; what it leaves out keeps its value
     * @return the project after the update (unchanged when nothing differed)
     * @throws ValidationException       when the id or a field breaks its rules (all are reported)
     * @throws NotFoundException         when there is no such project
     * @throws MissingReferenceException when the new owner does not exist (field {@code ownerId})
     * @throws ConflictException         when the new owner is not a member of the project's organization (field
     *                                   {@code ownerId}), or the owner (new or current) already has a project of the
     *                                   new name (field {@code name})
     */
    public ProjectView update(String id, ProjectUpdate update) {
        Objects.requireNonNull(update, "update cannot be null");
        InputValidator.check().id("id", id).bean(update).orThrow();
        return db.write(tx -> {
            ProjectsRecord r = lock(tx, id);
            ProjectsRecord before = r.copy();
            if (update.name() != null) {
                r.setName(update.name());
            }
            if (update.changesDescription()) {
                r.setDescription(update.description());
            }
            if (update.ownerId() != null && !update.ownerId().equals(r.getOwnerId())) {
                giveTo(tx, r, update.ownerId(), "ownerId");
            }
            if (Objects.equals(before.getName(), r.getName())
                    && Objects.equals(before.getDescription(), r.getDescription())
                    && Objects.equals(before.getOwnerId(), r.getOwnerId())) {
                return Views.project(r);
            }
            return save(r);
        });
    }

    /**
     * Deletes the project.
     *
     * @param id the project's id, a lowercase UUID
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such project
     */
    public void delete(String id) {
        InputValidator.check().id("id", id).orThrow();
        db.writeVoid(tx -> {
            if (tx.deleteFrom(PROJECTS).where(PROJECTS.ID.eq(id)).execute() == 0) {
                throw new NotFoundException(ENTITY, id);
            }
        });
    }

    /**
     * One page of the projects a user owns, oldest first.
     *
     * @param ownerId the owner's user id, a lowercase UUID
     * @param page {@link PageRequest#first()} or the request for the page after a cursor; the limit is 1 to
     *             {@value PageRequest#MAX_LIMIT} (default {@value PageRequest#DEFAULT_LIMIT})
     * @return the page's projects and the cursor of the next page, if any
     * @throws ValidationException when the id, the limit or the cursor is invalid (a limit above the cap is refused,
     *                             not clamped)
     * @throws NotFoundException   when there is no such user
     */
    public Page<ProjectView> listByOwner(String ownerId, PageRequest page) {
        InputValidator.Check check = InputValidator.check().id("ownerId", ownerId);
        String after = Pages.position(check, page);
        check.orThrow();
        return db.read(tx -> {
            if (!tx.fetchExists(USERS, USERS.ID.eq(ownerId))) {
                throw new NotFoundException("user", ownerId);
            }
            return Pages.fetch(tx, PROJECTS, PROJECTS.ID, PROJECTS.OWNER_ID.eq(ownerId), after, page.limit(),
                    Views::project);
        });
    }

    /**
     * One page of the projects of an organization, oldest first.
     *
     * @param organizationId the organization's id, a lowercase UUID
     * @param page {@link PageRequest#first()} or the request for the page after a cursor; the limit is 1 to
     *             {@value PageRequest#MAX_LIMIT} (default {@value PageRequest#DEFAULT_LIMIT})
     * @return the page's projects and the cursor of the next page, if any
     * @throws ValidationException when the id, the limit or the cursor is invalid (a limit above the cap is refused,
     *                             not clamped)
     * @throws NotFoundException   when there is no such organization
     */
    public Page<ProjectView> listByOrganization(String organizationId, PageRequest page) {
        InputValidator.Check check = InputValidator.check().id("organizationId", organizationId);
        String after = Pages.position(check, page);
        check.orThrow();
        return db.read(tx -> {
            if (!tx.fetchExists(ORGANIZATIONS, ORGANIZATIONS.ID.eq(organizationId))) {
                throw new NotFoundException("organization", organizationId);
            }
            return Pages.fetch(tx, PROJECTS, PROJECTS.ID, PROJECTS.ORGANIZATION_ID.eq(organizationId), after,
                    page.limit(), Views::project);
        });
    }

    @Override
    public String toString() {
        return "ProjectService[" + db + "]";
    }

    /**
     * Whether the project keeps every rule its annotations name, decided by the rules themselves (what their
     * validators run): a project that does has no violation to report, so the validator (reflection on every record)
     * is needed only for one that does not, to build its messages. {@code ProjectCreateRulesTest} holds this to the
     * validator's verdict.
     */
    static boolean passesRules(ProjectCreate p) {
        return p.ownerId() != null && TextRules.entityId(p.ownerId()).isEmpty()
                && p.name() != null && TextRules.name(p.name()).isEmpty()
                && (p.description() == null || TextRules.description(p.description()).isEmpty())
                && (p.organizationId() == null || TextRules.entityId(p.organizationId()).isEmpty());
    }

    private ProjectView change(String id, Consumer<ProjectsRecord> edit) {
        return db.write(tx -> {
            ProjectsRecord r = lock(tx, id);
            ProjectsRecord before = r.copy();
            edit.accept(r);
            if (Objects.equals(before.getName(), r.getName())
                    && Objects.equals(before.getDescription(), r.getDescription())) {
                return Views.project(r);
            }
            return save(r);
        });
    }

    private ProjectView save(ProjectsRecord r) {
        r.setUpdatedAt(Timestamps.next(db.config().clock(), r.getUpdatedAt()));
        r.update();
        return Views.project(r);
    }

    private static ProjectsRecord lock(DSLContext tx, String id) {
        ProjectsRecord r = RowLocks.forUpdate(tx.selectFrom(PROJECTS).where(PROJECTS.ID.eq(id))).fetchOne();
        if (r == null) {
            throw new NotFoundException(ENTITY, id);
        }
        return r;
    }

    /**
     * Sets a new owner on a locked project, after checking that the owner exists and, for a project inside an
     * organization, is a member of it; {@code field} names the new owner in the errors.
     */
    private static void giveTo(DSLContext tx, ProjectsRecord r, String newOwnerId, String field) {
        UsersRecord owner = requireUser(tx, newOwnerId, field);
        if (r.getOrganizationId() != null && !r.getOrganizationId().equals(owner.getOrganizationId())) {
            throw new ConflictException("User '" + newOwnerId + "' is not a member of organization '"
                    + r.getOrganizationId() + "', which project '" + r.getId() + "' belongs to: add them to it first",
                    null, field, null, null);
        }
        r.setOwnerId(newOwnerId);
    }

    private static ConflictException notAMember(String ownerId, String organizationId) {
        return new ConflictException("User '" + ownerId + "' is not a member of organization '" + organizationId
                + "': add them to it first, or create the project outside any organization", null, "organizationId",
                null, null);
    }

    /** The user a reference names, locked so that it cannot change or go before the transaction ends. */
    private static UsersRecord requireUser(DSLContext tx, String id, String field) {
        UsersRecord r = RowLocks.forShare(tx.selectFrom(USERS).where(USERS.ID.eq(id))).fetchOne();
        if (r == null) {
            throw new MissingReferenceException(field, "user", id);
        }
        return r;
    }

    /** Checks that the organization exists, locking it so that it cannot go before the transaction ends. */
    private static void requireOrganization(DSLContext tx, String id) {
        if (RowLocks.forShare(tx.selectFrom(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(id))).fetchOne() == null) {
            throw new MissingReferenceException("organizationId", "organization", id);
        }
    }
}
