package dev.windsurf.data.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives every test of the class (or the annotated method) a fresh database, migrated with every migration set on the
 * class path, and injects {@code Database}, {@code DSLContext}, services (public classes with a constructor taking a
 * {@code Database}) and generated DAOs (a constructor taking a jOOQ {@code Configuration}) on it; see
 * {@link DatabaseExtension}.
 *
 * <pre>{@code
 * @DatabaseTest
 * class SignUpTest {
 *     @Test
 *     void shouldCreateTheUser(UserService users) { … }        // SQLite in memory, or TEST_POSTGRES_URL
 *
 *     @OnBothEngines
 *     void shouldListTheUser(Database db, UserService users) { … } // runs on SQLite, then on PostgreSQL
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(DatabaseExtension.class)
public @interface DatabaseTest {
}
