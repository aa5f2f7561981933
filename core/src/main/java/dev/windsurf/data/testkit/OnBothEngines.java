package dev.windsurf.data.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test method twice, each time on a fresh, fully migrated database: first SQLite in memory (display name
 * {@code sqlite}), then PostgreSQL (display name {@code postgresql}) at {@code TEST_POSTGRES_URL}, else
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}. Use it instead of {@code @Test}. The PostgreSQL run is skipped
 * when the server is unreachable, or fails when {@code WINDSURF_REQUIRE_POSTGRES=true}. Parameters are injected as
 * with {@link DatabaseExtension}; {@code @BeforeEach} and {@code @AfterEach} methods run for each engine and get
 * that run's database.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(DatabaseExtension.class)
public @interface OnBothEngines {
}
