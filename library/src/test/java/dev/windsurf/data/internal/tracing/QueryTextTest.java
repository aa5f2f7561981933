package dev.windsurf.data.internal.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void shouldReplaceEveryKindOfLiteralAndKeepIdentifiersAndBindMarkers() {
        assertThat(QueryText.withoutLiterals(
                "select \"t1\".\"a2\", 'it''s', E'x\\'y', $$dollar$$, $tag$z$tag$, 42, -3.5e+2, .5 from t1 "
                        + "where c = ? and d = $1 -- 'comment'\n/* 99 */ limit 10"))
                .isEqualTo("select \"t1\".\"a2\", ?, E?, ?, ?, ?, -?, ? from t1 where c = ? and d = $1 \n  limit ?");
    }

    @Test
    void shouldNameTheOperationByTheFirstKeyword() {
        assertThat(QueryText.operationName("  insert into users values (?)")).isEqualTo("INSERT");
        assertThat(QueryText.operationName("(select 1)")).isEqualTo("SELECT");
        assertThat(QueryText.operationName("?")).isNull();
    }
}
