package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

/** The app's own migration set, stacked on WindSurf's, means the same on PostgreSQL and SQLite. */
class SchemaParityTest {

    @Test
    void shouldGiveTheSameSchemaOnBothEnginesWithTheAppsOwnSet() {
        assertThat(TestDatabases.schemaDifferencesBetweenEngines()).isEmpty();
    }
}
