package dev.windsurf.data.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.TestSqlite;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteGeneratedClassesTest extends GeneratedClassesContract {

    @Override
    protected DSLContext openMigratedDatabase() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + TestSqlite.newDatabaseFile("generated"));
        Flyway.configure().dataSource(dataSource).load().migrate();
        return DSL.using(dataSource, SQLDialect.SQLITE);
    }

    @Override
    protected void closeDatabase() {
        // each test has its own file under target/
    }

    @Override
    protected void assertViolation(DataAccessException e, Violation kind, String constraint) {
        assertThat(e.getCause()).isInstanceOf(SQLiteException.class);
        SQLiteErrorCode code = ((SQLiteException) e.getCause()).getResultCode();
        switch (kind) {
            case UNIQUE -> assertThat(code).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
            // SQLite reports an ON DELETE RESTRICT violation as SQLITE_CONSTRAINT_TRIGGER, with the same message.
            case FOREIGN_KEY -> {
                assertThat(code).isIn(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY,
                        SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER);
                assertThat(e.getCause().getMessage()).contains("FOREIGN KEY constraint failed");
            }
            case CHECK -> {
                assertThat(code).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK);
                assertThat(e.getCause().getMessage()).contains(constraint);
            }
        }
    }
}
