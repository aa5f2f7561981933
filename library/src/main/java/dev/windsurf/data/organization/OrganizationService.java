package dev.windsurf.data.organization;

import static dev.windsurf.data.schema.Tables.ORGANIZATIONS;
import static dev.windsurf.data.schema.Tables.PROJECTS;
import static dev.windsurf.data.schema.Tables.USERS;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.DataException;
import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
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
import dev.windsurf.data.schema.tables.records.OrganizationsRecord;
import dev.windsurf.data.schema.tables.records.UsersRecord;
import dev.windsurf.data.user.UserView;
import java.time.Instant;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Organizations and their members: create, rename, find and delete organizations; add and remove members; list
 * members.
 *
 * <p>A user is a member of at most one organization ({@code users.organization_id}). Deleting an organization keeps
 * its members and its projects: the schema sets their {@code organization_id} to NULL ({@code ON DELETE SET NULL});
 * their {@code updated_at} does not move, as the database, not the library, makes that change.
 *
 * <p>Every input is validated before any database work ({@link ValidationException} lists every violation); each call
 * runs in one transaction of the {@link Database}, which retries it after transient failures ({@link #get} is one
 * statement, run by {@link Database#query}). Names are unique and
 * compared exactly, as stored (case and Unicode normalisation form count); a duplicate raises
 * {@link ConflictException} on field {@code name}.
 *
 * <p>Thread-safe and stateless apart from the {@link Database}: share one instance, from platform or virtual
 * threads.
 */
public final class OrganizationService {

    private static final String ENTITY = "organization";

    private final Database db;
    private final boolean sqlite;
    /** The lookup by id, rendered once by jOOQ from the generated table and run with fresh binds (Jdbc). */
    private final String selectById;

    /**
     * A service over the database.
     *
     * @param db the database to work on
     * @throws NullPointerException when {@code db} is null
     */
    public OrganizationService(Database db) {
        this.db = Objects.requireNonNull(db, "db cannot be null");
        this.sqlite = db.engine() == Engine.SQLITE;
        this.selectById = Jdbc.renderer(db).select(ORGANIZATIONS.ID, ORGANIZATIONS.NAME, ORGANIZATIONS.CREATED_AT,
                ORGANIZATIONS.UPDATED_AT).from(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(DSL.val(null, ORGANIZATIONS.ID))).getSQL();
    }

    /**
     * Creates an organization without members.
     *
     * @param name 1 to 100 characters (code points), no control characters, no whitespace at either end
     * @return the new organization
     * @throws ValidationException when the name breaks its rules (all are reported)
     * @throws ConflictException   when another organization has this name (field {@code name})
     * @throws DataException       (or another subtype) when the database fails
     */
    public OrganizationView create(String name) {
        InputValidator.check().name("name", name).orThrow();
        String id = UuidV7.next();
        return db.write(tx -> {
            Instant now = Timestamps.now(db.config().clock());
            OrganizationsRecord r = tx.newRecord(ORGANIZATIONS);
            r.setId(id);
            r.setName(name);
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            r.insert();
            return Views.organization(r);
        });
    }

    /**
     * The organization with this id.
     *
     * @param id the organization's id, a lowercase UUID
     * @return the organization
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such organization
     */
    public OrganizationView get(String id) {
        InputValidator.check().id("id", id).orThrow();
        OrganizationView organization = db.query(tx -> Jdbc.one(tx, selectById, s -> s.setString(1, id),
                row -> new OrganizationView(row.getString(1), row.getString(2),
                        UtcInstantBinding.read(row, 3, sqlite), UtcInstantBinding.read(row, 4, sqlite))));
        if (organization == null) {
            throw new NotFoundException(ENTITY, id);
        }
        return organization;
    }

    /**
     * Renames the organization. Renaming to the current name writes nothing.
     *
     * @param id   the organization's id, a lowercase UUID
     * @param name the new name, 1 to 100 characters (code points), no control characters, no whitespace at either end
     * @return the organization after the change
     * @throws ValidationException when the id or the name breaks its rules (all are reported)
     * @throws NotFoundException   when there is no such organization
     * @throws ConflictException   when another organization has this name (field {@code name})
     */
    public OrganizationView rename(String id, String name) {
        InputValidator.check().id("id", id).name("name", name).orThrow();
        return db.write(tx -> {
            OrganizationsRecord r = organization(tx, id, Lock.UPDATE);
            if (r.getName().equals(name)) {
                return Views.organization(r);
            }
            r.setName(name);
            r.setUpdatedAt(Timestamps.next(db.config().clock(), r.getUpdatedAt()));
            r.update();
            return Views.organization(r);
        });
    }

    /**
     * Deletes the organization. Its members stay, without an organization; its projects stay with their owners,
     * outside any organization (as the schema's {@code ON DELETE SET NULL} would do). The members and projects are
     * detached in the same transaction, with {@code updated_at} set to the time of the deletion (never moved
     * backwards, should a row's be later already).
     *
     * @param id the organization's id, a lowercase UUID
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such organization
     */
    public void delete(String id) {
        InputValidator.check().id("id", id).orThrow();
        db.writeVoid(tx -> {
            organization(tx, id, Lock.UPDATE);
            Instant now = Timestamps.now(db.config().clock());
            tx.update(USERS).set(USERS.UPDATED_AT, DSL.when(USERS.UPDATED_AT.lt(now), DSL.val(now, USERS.UPDATED_AT))
                            .otherwise(USERS.UPDATED_AT))
                    .setNull(USERS.ORGANIZATION_ID)
                    .where(USERS.ORGANIZATION_ID.eq(id)).execute();
            tx.update(PROJECTS).set(PROJECTS.UPDATED_AT, DSL.when(PROJECTS.UPDATED_AT.lt(now),
                            DSL.val(now, PROJECTS.UPDATED_AT)).otherwise(PROJECTS.UPDATED_AT))
                    .setNull(PROJECTS.ORGANIZATION_ID)
                    .where(PROJECTS.ORGANIZATION_ID.eq(id)).execute();
            tx.deleteFrom(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(id)).execute();
        });
    }

    /**
     * Makes the user a member of the organization. Does nothing when they are a member already.
     *
     * @param organizationId the organization's id, a lowercase UUID
     * @param userId         the user's id, a lowercase UUID
     * @return the user, now a member of the organization
     * @throws ValidationException        when an id is not a lowercase UUID (both are reported)
     * @throws NotFoundException          when there is no such organization
     * @throws MissingReferenceException  when there is no such user (field {@code userId})
     * @throws ConflictException          when the user is a member of another organization (field {@code userId}):
     *                                    remove them from it first
     */
    public UserView addMember(String organizationId, String userId) {
        InputValidator.check().id("organizationId", organizationId).id("userId", userId).orThrow();
        return db.write(tx -> {
            organization(tx, organizationId, Lock.SHARE);
            UsersRecord user = member(tx, userId);
            if (organizationId.equals(user.getOrganizationId())) {
                return Views.user(user);
            }
            if (user.getOrganizationId() != null) {
                throw new ConflictException("User '" + userId + "' is a member of organization '"
                        + user.getOrganizationId() + "': remove them from it before adding them to '"
                        + organizationId + "'", null, "userId", null, null);
            }
            return setOrganization(user, organizationId);
        });
    }

    /**
     * Ends the user's membership of the organization. The projects they own stay where they are.
     *
     * @param organizationId the organization's id, a lowercase UUID
     * @param userId         the user's id, a lowercase UUID
     * @return the user, no longer a member of any organization
     * @throws ValidationException       when an id is not a lowercase UUID (both are reported)
     * @throws NotFoundException         when there is no such organization
     * @throws MissingReferenceException when there is no such user (field {@code userId})
     * @throws ConflictException         when the user is not a member of this organization (field {@code userId})
     */
    public UserView removeMember(String organizationId, String userId) {
        InputValidator.check().id("organizationId", organizationId).id("userId", userId).orThrow();
        return db.write(tx -> {
            organization(tx, organizationId, Lock.SHARE);
            UsersRecord user = member(tx, userId);
            if (!organizationId.equals(user.getOrganizationId())) {
                throw new ConflictException("User '" + userId + "' is not a member of organization '"
                        + organizationId + "'", null, "userId", null, null);
            }
            return setOrganization(user, null);
        });
    }

    /**
     * One page of the organization's members, oldest user first.
     *
     * @param organizationId the organization's id, a lowercase UUID
     * @param page {@link PageRequest#first()} or the request for the page after a cursor; the limit is 1 to
     *             {@value PageRequest#MAX_LIMIT} (default {@value PageRequest#DEFAULT_LIMIT})
     * @return the page's members and the cursor of the next page, if any
     * @throws ValidationException when the id, the limit or the cursor is invalid (a limit above the cap is refused,
     *                             not clamped)
     * @throws NotFoundException   when there is no such organization
     */
    public Page<UserView> listMembers(String organizationId, PageRequest page) {
        InputValidator.Check check = InputValidator.check().id("organizationId", organizationId);
        String after = Pages.position(check, page);
        check.orThrow();
        return db.read(tx -> {
            organization(tx, organizationId, Lock.NONE);
            return Pages.fetch(tx, USERS, USERS.ID, USERS.ORGANIZATION_ID.eq(organizationId), after, page.limit(),
                    Views::user);
        });
    }

    @Override
    public String toString() {
        return "OrganizationService[" + db + "]";
    }

    /** How a row read before a write is locked on PostgreSQL (read-only transactions cannot lock). */
    private enum Lock { NONE, SHARE, UPDATE }

    /** The organization row, locked as asked until the transaction ends. */
    private static OrganizationsRecord organization(DSLContext tx, String id, Lock lock) {
        var select = tx.selectFrom(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(id));
        OrganizationsRecord r = switch (lock) {
            case NONE -> select.fetchOne();
            case SHARE -> RowLocks.forShare(select).fetchOne();
            case UPDATE -> RowLocks.forUpdate(select).fetchOne();
        };
        if (r == null) {
            throw new NotFoundException(ENTITY, id);
        }
        return r;
    }

    private static UsersRecord member(DSLContext tx, String userId) {
        UsersRecord r = RowLocks.forUpdate(tx.selectFrom(USERS).where(USERS.ID.eq(userId))).fetchOne();
        if (r == null) {
            throw new MissingReferenceException("userId", "user", userId);
        }
        return r;
    }

    private UserView setOrganization(UsersRecord user, String organizationId) {
        user.setOrganizationId(organizationId);
        user.setUpdatedAt(Timestamps.next(db.config().clock(), user.getUpdatedAt()));
        user.update();
        return Views.user(user);
    }
}
