package dev.windsurf.data.user;

import static dev.windsurf.data.schema.Tables.PROJECTS;
import static dev.windsurf.data.schema.Tables.USERS;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.DataException;
import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
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
import dev.windsurf.data.internal.password.PasswordHasher;
import dev.windsurf.data.internal.validation.InputValidator;
import dev.windsurf.data.internal.validation.TextRules;
import dev.windsurf.data.schema.tables.records.UsersRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users: create them, find them, change their profile, password and flags, check their credentials, delete them,
 * list them.
 *
 * <p>Every input is validated before any database work ({@link ValidationException} lists every violation, with the
 * rules of {@code dev.windsurf.data.validation}). Each call runs in one transaction of the {@link Database}, which
 * retries it after transient failures (lookups and pages are one statement, run by {@link Database#query}); password hashing (Argon2id, tens of milliseconds) runs outside any
 * transaction, so {@link #changePassword} reads in one transaction and writes in a second, and
 * {@link #verifyCredentials} writes in a second one only when it upgrades a stored hash.
 *
 * <p>Rules the database keeps, and how they surface:
 * <ul>
 *   <li>User names and e-mail addresses are unique; e-mail addresses regardless of the case of their (ASCII)
 *   letters, on both engines. A duplicate raises {@link ConflictException} naming the field ({@code username} or
 *   {@code email}).</li>
 *   <li>A user who owns projects cannot be deleted ({@code projects.owner_id} is {@code ON DELETE RESTRICT}):
 *   {@link #delete} raises {@link ConflictException}; transfer the projects to another owner or delete them
 *   first.</li>
 *   <li>{@code updated_at} moves forward (by at least a microsecond) whenever a call changes the row; a call that
 *   changes nothing (e.g. activating an active user) writes nothing.</li>
 * </ul>
 *
 * <p>No password or hash is ever logged, returned, or put in a message.
 *
 * <p>Thread-safe and stateless apart from the {@link Database}: share one instance, from platform or virtual
 * threads.
 */
public final class UserService {

    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    private static final String ENTITY = "user";

    private final Database db;
    private final PasswordHasher hasher;
    private final boolean sqlite;
    // The single-row statements, rendered once by jOOQ from the generated table and run with fresh binds (Jdbc).
    private final String selectById;
    private final String selectByUsername;
    private final String selectByEmail;
    private final String lockById;
    private final String selectTaken;
    private final String insert;
    private final String updateProfile;

    /**
     * A service over the database, hashing passwords with Argon2id at OWASP's recommended parameters.
     *
     * @param db the database to work on
     * @throws NullPointerException when {@code db} is null
     */
    public UserService(Database db) {
        this(db, PasswordHasher.owasp());
    }

    UserService(Database db, PasswordHasher hasher) {
        this.db = Objects.requireNonNull(db, "db cannot be null");
        this.hasher = Objects.requireNonNull(hasher, "hasher cannot be null");
        this.sqlite = db.engine() == Engine.SQLITE;
        DSLContext dsl = Jdbc.renderer(db);
        this.selectById = dsl.select(VIEW).from(USERS).where(USERS.ID.eq(param(USERS.ID))).getSQL();
        this.selectByUsername = dsl.select(VIEW).from(USERS).where(USERS.USERNAME.eq(param(USERS.USERNAME))).getSQL();
        this.selectByEmail = dsl.select(VIEW).from(USERS).where(DSL.lower(USERS.EMAIL).eq(param(USERS.EMAIL))).getSQL();
        this.lockById = RowLocks.forUpdate(dsl.select(VIEW).from(USERS).where(USERS.ID.eq(param(USERS.ID)))).getSQL();
        this.selectTaken = dsl.select(USERS.USERNAME).from(USERS).where(USERS.USERNAME.eq(param(USERS.USERNAME)))
                .or(DSL.lower(USERS.EMAIL).eq(param(USERS.EMAIL))).limit(DSL.inline(2)).getSQL();
        this.insert = dsl.insertInto(USERS, USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.PASSWORD_HASH,
                        USERS.IS_ACTIVE, USERS.IS_ADMIN, USERS.CREATED_AT, USERS.UPDATED_AT)
                .values(param(USERS.ID), param(USERS.USERNAME), param(USERS.EMAIL), param(USERS.PASSWORD_HASH),
                        param(USERS.IS_ACTIVE), param(USERS.IS_ADMIN), param(USERS.CREATED_AT),
                        param(USERS.UPDATED_AT))
                .getSQL();
        this.updateProfile = dsl.update(USERS).set(USERS.USERNAME, param(USERS.USERNAME))
                .set(USERS.EMAIL, param(USERS.EMAIL)).set(USERS.UPDATED_AT, param(USERS.UPDATED_AT))
                .where(USERS.ID.eq(param(USERS.ID))).getSQL();
    }

    /** The columns of a {@link UserView}, in the order {@link #view} reads them. */
    private static final List<SelectField<?>> VIEW = List.of(USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE,
            USERS.IS_ADMIN, USERS.ORGANIZATION_ID, USERS.CREATED_AT, USERS.UPDATED_AT);

    /** A bind variable of the field's type (and binding), rendered as {@code ?}. */
    private static <T> Field<T> param(Field<T> field) {
        return DSL.val(null, field);
    }

    private UserView view(ResultSet row) throws SQLException {
        return new UserView(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4),
                row.getBoolean(5), row.getString(6), UtcInstantBinding.read(row, 7, sqlite),
                UtcInstantBinding.read(row, 8, sqlite));
    }

    /**
     * Creates an active, non-admin user without an organization, storing an Argon2id hash of the password.
     *
     * @param user the new user's fields, password included (hashed before it is stored)
     * @return the stored user, with its id and timestamps; never the password or its hash
     * @throws ValidationException when a field breaks its rules (all are reported)
     * @throws ConflictException   when the user name or the e-mail address is taken ({@link ConflictException#field()}
     *                             is {@code username} or {@code email})
     * @throws DataException       (or another subtype) when the database fails
     */
    public UserView create(UserCreate user) {
        Objects.requireNonNull(user, "user cannot be null");
        if (!passesRules(user)) {
            InputValidator.check().bean(user).orThrow();
        }
        refuseTaken(user.username(), user.email());
        String hash = hasher.hash(user.password());
        String id = UuidV7.next();
        String stored = PasswordHash.of(hash).reveal();
        return db.write(tx -> {
            Instant now = Timestamps.now(db.config().clock());
            Jdbc.execute(tx, insert, s -> {
                s.setString(1, id);
                s.setString(2, user.username());
                s.setString(3, user.email());
                s.setString(4, stored);
                s.setBoolean(5, true);
                s.setBoolean(6, false);
                UtcInstantBinding.bind(s, 7, now, sqlite);
                UtcInstantBinding.bind(s, 8, now, sqlite);
            });
            return new UserView(id, user.username(), user.email(), true, false, null, now, now);
        });
    }

    /**
     * Refuses a taken user name or e-mail address before the password is hashed, so that a burst of duplicate
     * sign-ups costs a lookup each, not an Argon2id hash. Two sign-ups racing for the same name both pass here; the
     * insert's unique constraint still decides between them.
     */
    private void refuseTaken(String username, String email) {
        String folded = email.toLowerCase(Locale.ROOT);
        List<String> taken = db.query(tx -> Jdbc.all(tx, selectTaken, s -> {
            s.setString(1, username);
            s.setString(2, folded);
        }, row -> row.getString(1)));
        if (taken.contains(username)) {
            throw new ConflictException("A user with this username already exists (constraint uq_users_username): "
                    + "choose another username", "uq_users_username", "username", null, null);
        }
        if (!taken.isEmpty()) {
            throw new ConflictException("A user with this email already exists (constraint uq_users_email_lower): "
                    + "choose another email", "uq_users_email_lower", "email", null, null);
        }
    }

    /**
     * The user with this id.
     *
     * @param id the user's id, a lowercase UUID
     * @return the user
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such user
     */
    public UserView get(String id) {
        InputValidator.check().id("id", id).orThrow();
        return one(selectById, id, id);
    }

    /**
     * The user with this user name (user names are lower case: {@code Alice} is refused, not folded).
     *
     * @param username the user name, matched exactly
     * @return the user
     * @throws ValidationException when the value cannot be a user name
     * @throws NotFoundException   when there is no such user
     */
    public UserView getByUsername(String username) {
        InputValidator.check().username("username", username).orThrow();
        return one(selectByUsername, username, username);
    }

    /**
     * The user with this e-mail address, whatever the case of its letters.
     *
     * @param email the e-mail address, matched whatever the case of its letters
     * @return the user
     * @throws ValidationException when the value is not a well-formed e-mail address
     * @throws NotFoundException   when there is no such user
     */
    public UserView getByEmail(String email) {
        InputValidator.check().email("email", email).orThrow();
        // The address is personal data: the not-found message names the lookup, not the address.
        return one(selectByEmail, email.toLowerCase(Locale.ROOT), "(the given e-mail address)");
    }

    /**
     * Changes the fields of the update that are not null; the others keep their values. An update that changes
     * nothing writes nothing.
     *
     * @param id     the user's id, a lowercase UUID
     * @param update the fields to change; those left null keep their value
     * @return the user after the update (unchanged when nothing differed)
     * @throws ValidationException when the id or a given field breaks its rules (all are reported)
     * @throws NotFoundException   when there is no such user
     * @throws ConflictException   when the new user name or e-mail address is taken by another user
     */
    public UserView update(String id, UserUpdate update) {
        Objects.requireNonNull(update, "update cannot be null");
        InputValidator.Check check = InputValidator.check().id("id", id);
        if (!passesRules(update)) {
            check.bean(update);
        }
        check.orThrow();
        return db.write(tx -> {
            UserView r = Jdbc.one(tx, lockById, s -> s.setString(1, id), this::view);
            if (r == null) {
                throw new NotFoundException(ENTITY, id);
            }
            String username = update.username() != null ? update.username() : r.username();
            String email = update.email() != null ? update.email() : r.email();
            if (username.equals(r.username()) && email.equals(r.email())) {
                return r;
            }
            Instant updatedAt = Timestamps.next(db.config().clock(), r.updatedAt());
            Jdbc.execute(tx, updateProfile, s -> {
                s.setString(1, username);
                s.setString(2, email);
                UtcInstantBinding.bind(s, 3, updatedAt, sqlite);
                s.setString(4, id);
            });
            return new UserView(r.id(), username, email, r.active(), r.admin(), r.organizationId(), r.createdAt(),
                    updatedAt);
        });
    }

    /**
     * Replaces the password after checking the current one. Reads the stored hash in one transaction, hashes outside
     * any, and writes in a second transaction only if the stored hash is still the one checked.
     *
     * @param id              the user's id, a lowercase UUID
     * @param currentPassword the password the user has now
     * @param newPassword     the password to set, 12 to 128 characters
     * @return the user after the change
     * @throws ValidationException when the id or the new password breaks its rules, or when the current password is
     *                             wrong (field {@code currentPassword})
     * @throws NotFoundException   when there is no such user
     * @throws ConflictException   when the password was changed by someone else meanwhile (field
     *                             {@code currentPassword}): ask for the current password again
     */
    public UserView changePassword(String id, String currentPassword, String newPassword) {
        InputValidator.check().id("id", id).required("currentPassword", currentPassword)
                .password("newPassword", newPassword).orThrow();
        // From the primary: a lagging read replica could still hold the hash a moment ago's change replaced.
        PasswordHash stored = db.readFromPrimary(tx -> tx.select(USERS.PASSWORD_HASH).from(USERS)
                .where(USERS.ID.eq(id)).fetchOptional(USERS.PASSWORD_HASH))
                .orElseThrow(() -> new NotFoundException(ENTITY, id));
        if (!hasher.verify(currentPassword, stored.reveal()).matches()) {
            throw new ValidationException(List.of(new ValidationException.Violation("currentPassword",
                    "does not match the current password")));
        }
        String hash = hasher.hash(newPassword);
        return db.write(tx -> {
            UsersRecord r = lock(tx, id);
            if (!r.getPasswordHash().equals(stored)) {
                throw new ConflictException("The password of user '" + id + "' was changed by another request"
                        + " meanwhile: ask for the current password again", null, "currentPassword", null, null);
            }
            r.setPasswordHash(PasswordHash.of(hash));
            return save(r);
        });
    }

    /**
     * Checks a sign-in: the user named by {@code login} (a user name, or an e-mail address in any letter case)
     * exists, is active, and {@code password} is theirs. When the stored hash was made with older parameters, it is
     * replaced by one with the current parameters (in a second, write transaction; should that fail, the sign-in
     * still succeeds and the upgrade is tried again next time).
     *
     * <p>A login or password that cannot be valid (malformed, or a password outside 12–128 characters) gives an empty
     * result at once, without a database read; an unknown user costs one Argon2 computation like a known one, so
     * that timing does not reveal which user names exist.
     *
     * @param login    a user name or an e-mail address
     * @param password the password to check
     * @return the user when the credentials are right and the user is active; empty otherwise
     * @throws ValidationException when login or password is null
     */
    public Optional<UserView> verifyCredentials(String login, String password) {
        InputValidator.check().required("login", login).required("password", password).orThrow();
        boolean byEmail = login.indexOf('@') >= 0;
        boolean plausible = (byEmail ? TextRules.email(login) : TextRules.username(login)).isEmpty()
                && TextRules.password(password).isEmpty();
        if (!plausible) {
            return Optional.empty();
        }
        // From the primary: a lagging read replica could still accept a password just changed, or a user just
        // deactivated.
        UsersRecord r = db.readFromPrimary(tx -> tx.selectFrom(USERS)
                .where(byEmail ? emailIs(login) : USERS.USERNAME.eq(login)).fetchOne());
        if (r == null) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        PasswordHasher.Verification verification = hasher.verify(password, r.getPasswordHash().reveal());
        if (!verification.matches() || !r.getIsActive()) {
            return Optional.empty();
        }
        if (verification == PasswordHasher.Verification.MATCH_NEEDS_REHASH) {
            return Optional.of(upgradeHash(r, password));
        }
        return Optional.of(Views.user(r));
    }

    /**
     * Lets the user sign in again. Does nothing when the user is active already.
     *
     * @param id the user's id, a lowercase UUID
     * @return the user, now active
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such user
     */
    public UserView activate(String id) {
        return setFlag(id, USERS.IS_ACTIVE, true);
    }

    /**
     * Stops the user from signing in ({@link #verifyCredentials} refuses them); their data stays. Does nothing when
     * the user is inactive already.
     *
     * @param id the user's id, a lowercase UUID
     * @return the user, now inactive
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such user
     */
    public UserView deactivate(String id) {
        return setFlag(id, USERS.IS_ACTIVE, false);
    }

    /**
     * Makes the user an administrator. Does nothing when they are one already.
     *
     * @param id the user's id, a lowercase UUID
     * @return the user, now an administrator
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such user
     */
    public UserView grantAdmin(String id) {
        return setFlag(id, USERS.IS_ADMIN, true);
    }

    /**
     * Makes the user an ordinary user. Does nothing when they are not an administrator.
     *
     * @param id the user's id, a lowercase UUID
     * @return the user, no longer an administrator
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such user
     */
    public UserView revokeAdmin(String id) {
        return setFlag(id, USERS.IS_ADMIN, false);
    }

    /**
     * Deletes the user. A user who owns projects cannot be deleted: the schema's {@code projects.owner_id} is
     * {@code ON DELETE RESTRICT}, so that no project is ever left without an owner or deleted by accident. Transfer
     * the projects to another owner ({@code ProjectService.transfer}) or delete them first.
     *
     * @param id the user's id, a lowercase UUID
     * @throws ValidationException when the id is not a lowercase UUID
     * @throws NotFoundException   when there is no such user
     * @throws ConflictException   when the user still owns projects (constraint {@code fk_projects_owner})
     */
    public void delete(String id) {
        InputValidator.check().id("id", id).orThrow();
        db.writeVoid(tx -> {
            lock(tx, id);
            int owned = tx.fetchCount(PROJECTS, PROJECTS.OWNER_ID.eq(id));
            if (owned > 0) {
                throw new ConflictException("User '" + id + "' owns " + owned + " project(s) and cannot be deleted:"
                        + " transfer the projects to another owner or delete them first", "fk_projects_owner", "id",
                        null, null);
            }
            tx.deleteFrom(USERS).where(USERS.ID.eq(id)).execute();
        });
    }

    /**
     * One page of the users matching the filter, oldest first (by id, which is time-ordered).
     *
     * @param filter which users; {@link UserFilter#all()} for every one
     * @param page   {@link PageRequest#first()} or the request for the page after a cursor; the limit is 1 to
     *               {@value PageRequest#MAX_LIMIT} (default {@value PageRequest#DEFAULT_LIMIT})
     * @return the page's users and the cursor of the next page, if any
     * @throws ValidationException when the filter's organization id, the limit or the cursor is invalid (a limit
     *                             above the cap is refused, not clamped)
     */
    public Page<UserView> list(UserFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter cannot be null");
        InputValidator.Check check = InputValidator.check().bean(filter);
        String after = Pages.position(check, page);
        check.orThrow();
        Condition condition = DSL.noCondition();
        if (filter.active() != null) {
            condition = condition.and(USERS.IS_ACTIVE.eq(filter.active()));
        }
        if (filter.organizationId() != null) {
            condition = condition.and(USERS.ORGANIZATION_ID.eq(filter.organizationId()));
        }
        Condition where = condition;
        return db.query(tx -> Pages.fetch(tx, USERS, USERS.ID, where, after, page.limit(), Views::user));
    }

    @Override
    public String toString() {
        return "UserService[" + db + "]";
    }

    /**
     * Whether the new user keeps every rule its annotations name, decided by the rules themselves (what their
     * validators run): only one that does not needs the validator, for its messages. {@code UserRulesTest} holds
     * this to the validator's verdict.
     */
    static boolean passesRules(UserCreate user) {
        return user.username() != null && TextRules.username(user.username()).isEmpty()
                && user.email() != null && TextRules.email(user.email()).isEmpty()
                && user.password() != null && TextRules.password(user.password()).isEmpty();
    }

    /** As {@link #passesRules(UserCreate)}, for an update (whose fields may be null). */
    static boolean passesRules(UserUpdate update) {
        return (update.username() == null || TextRules.username(update.username()).isEmpty())
                && (update.email() == null || TextRules.email(update.email()).isEmpty());
    }

    private UserView one(String sql, String value, String key) {
        UserView user = db.query(tx -> Jdbc.one(tx, sql, s -> s.setString(1, value), this::view));
        if (user == null) {
            throw new NotFoundException(ENTITY, key);
        }
        return user;
    }

    private UserView setFlag(String id, TableField<UsersRecord, Boolean> flag, boolean value) {
        InputValidator.check().id("id", id).orThrow();
        return db.write(tx -> {
            UsersRecord r = lock(tx, id);
            if (r.get(flag) == value) {
                return Views.user(r);
            }
            r.set(flag, value);
            return save(r);
        });
    }

    private UserView upgradeHash(UsersRecord read, String password) {
        PasswordHash old = read.getPasswordHash();
        String hash = hasher.hash(password);
        try {
            return db.write(tx -> {
                UsersRecord r = RowLocks.forUpdate(tx.selectFrom(USERS).where(USERS.ID.eq(read.getId())))
                        .fetchOne();
                if (r == null || !r.getPasswordHash().equals(old)) {
                    return Views.user(r == null ? read : r);
                }
                r.setPasswordHash(PasswordHash.of(hash));
                return save(r);
            });
        } catch (DataException e) {
            LOG.warn("Could not upgrade the password hash of user {} to the current parameters ({}, {}); the next"
                    + " sign-in tries again", read.getId(), e.getClass().getSimpleName(), e.sqlState());
            return Views.user(read);
        }
    }

    /** The user row, locked for the rest of the transaction on PostgreSQL. */
    private static UsersRecord lock(DSLContext tx, String id) {
        UsersRecord r = RowLocks.forUpdate(tx.selectFrom(USERS).where(USERS.ID.eq(id))).fetchOne();
        if (r == null) {
            throw new NotFoundException(ENTITY, id);
        }
        return r;
    }

    private UserView save(UsersRecord r) {
        r.setUpdatedAt(Timestamps.next(db.config().clock(), r.getUpdatedAt()));
        r.update();
        return Views.user(r);
    }

    private static Condition emailIs(String email) {
        // Addresses are ASCII (see EmailAddress), where lower() agrees on both engines with Locale.ROOT.
        return DSL.lower(USERS.EMAIL).eq(email.toLowerCase(Locale.ROOT));
    }
}
