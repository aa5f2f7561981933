package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.tasks.schema.tables.daos.TasksDao;
import com.example.tasks.schema.tables.pojos.Tasks;
import dev.windsurf.data.ConflictException;
import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Health;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static com.example.tasks.schema.Tables.TASKS;

/** A service with its own set only: no WindSurf table exists, and the runtime works the same. */
@DatabaseTest
class TasksTest {

    @OnBothEngines
    void shouldStoreAndReadATask(Database db, TasksDao tasks) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();

        tasks.insert(new Tasks(id, "write the docs", now, false));

        Tasks read = tasks.findById(id);
        assertEquals("write the docs", read.getTitle());
        assertEquals(now, read.getCreatedAt());
        assertEquals(List.of(new Health.SetVersion("tasks", "2", "2")), db.health().migrationSets());
        assertTrue(db.dsl().meta().getTables().stream().noneMatch(t -> t.getName().equalsIgnoreCase("users")));
    }

    @OnBothEngines
    void shouldReportADuplicateTitleAsAConflictNamingTheField(Database db) {
        db.writeVoid(tx -> tx.insertInto(TASKS).set(TASKS.ID, UUID.randomUUID().toString())
                .set(TASKS.TITLE, "same").set(TASKS.CREATED_AT, Instant.now()).execute());

        ConflictException e = assertThrows(ConflictException.class, () -> db.writeVoid(tx -> tx.insertInto(TASKS)
                .set(TASKS.ID, UUID.randomUUID().toString()).set(TASKS.TITLE, "same")
                .set(TASKS.CREATED_AT, Instant.now()).execute()));
        assertEquals("title", e.field());
    }

    @Test
    void shouldMeanTheSameOnBothEngines() {
        assertEquals(List.of(), dev.windsurf.data.testkit.TestDatabases.schemaDifferencesBetweenEngines());
    }

    @Test
    void shouldStartFromTheEnvironmentWithOnlyItsOwnSet() throws Exception {
        String url = "sqlite:///" + Files.createTempDirectory("tasks-it").resolve("tasks.db");
        try (Database db = Database.start(DatabaseConfig.fromEnvironment().url(url).build())) {
            assertEquals("2", db.schemaVersion());
            assertFalse(db.health().migrationSets().isEmpty());
            assertEquals("tasks", db.migrations().set().name());
            assertEquals("tasks_schema_history", db.migrations().settings().historyTable());
        }
    }
}
