package dev.windsurf.data.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> sql(String script) {
        return SqlScript.split(script).stream().map(SqlScript.Statement::sql).toList();
    }

    @Test
    void shouldSplitAtSemicolonsAndDropCommentOnlyStatements() {
        List<SqlScript.Statement> statements = SqlScript.split("""
                -- Undoes V2__create_users.
                DROP INDEX ix_users_organization_id;

                DROP TABLE users; -- trailing comment
                -- nothing after this
                """);

        assertThat(statements).extracting(SqlScript.Statement::sql).containsExactly(
                "-- Undoes V2__create_users.\nDROP INDEX ix_users_organization_id", "DROP TABLE users");
        assertThat(statements).extracting(SqlScript.Statement::line).containsExactly(2, 4);
    }

    @Test
    void shouldNotSplitInsideQuotesCommentsOrDollarQuotes() {
        assertThat(sql("INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT \"odd;name\" FROM t"))
                .containsExactly("INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT \"odd;name\" FROM t");
        assertThat(sql("SELECT 1 /* a; b */; SELECT 2 -- c; d\n;"))
                .containsExactly("SELECT 1 /* a; b */", "SELECT 2 -- c; d");
        assertThat(sql("CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql; "
                + "SELECT $$x;y$$"))
                .containsExactly("CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ "
                        + "LANGUAGE plpgsql", "SELECT $$x;y$$");
    }

    @Test
    void shouldKeepATriggerBodyInOneStatement() {
        assertThat(sql("""
                CREATE TRIGGER tr AFTER INSERT ON t BEGIN
                  UPDATE t SET n = CASE WHEN n > 1 THEN 1 ELSE 0 END;
                  DELETE FROM u;
                END;
                DROP TABLE u;
                """)).hasSize(2).last().isEqualTo("DROP TABLE u");
    }

    @Test
    void shouldRemoveCommentsButKeepQuotedText() {
        assertThat(SqlScript.withoutComments("-- x\nSELECT '--not a comment' /* y */ FROM t"))
                .isEqualTo("SELECT '--not a comment'  FROM t");
        assertThat(SqlScript.split("-- only a comment\n/* and another */")).isEmpty();
    }
}
