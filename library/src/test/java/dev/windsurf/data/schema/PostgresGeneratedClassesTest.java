package dev.windsurf.data.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;

class PostgresGeneratedClassesTest extends GeneratedClassesContract {

    private TestPostgres.ThrowawayDatabase database;

    @Override
    protected DSLContext openMigratedDatabase() {
        database = TestPostgres.create();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.url());
        dataSource.setUser(TestPostgres.USER);
        dataSource.setPassword(TestPostgres.PASSWORD);
        Flyway.configure().dataSource(dataSource).load().migrate();
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Override
    protected void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected void assertViolation(DataAccessException e, Violation kind, String constraint) {
        String expected = switch (kind) {
            case UNIQUE -> "23505";
            case FOREIGN_KEY -> "23503";
            case CHECK -> "23514";
        };
        assertThat(e.sqlState()).isEqualTo(expected);
        Throwable cause = e.getCause();
        assertThat(cause).isInstanceOf(PSQLException.class);
        assertThat(((PSQLException) cause).getServerErrorMessage().getConstraint()).isEqualTo(constraint);
    }
}
