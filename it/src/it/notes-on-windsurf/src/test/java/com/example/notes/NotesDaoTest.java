package com.example.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.notes.schema.tables.daos.NotesDao;
import com.example.notes.schema.tables.pojos.Notes;
import dev.windsurf.data.Database;
import dev.windsurf.data.Health;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserView;
import java.util.List;
import java.util.UUID;
import org.jooq.exception.DataAccessException;

/** The test kit migrates WindSurf's set and this service's, and injects the generated DAO. */
@DatabaseTest
class NotesDaoTest {

    @OnBothEngines
    void shouldStoreAndReadANoteOfAWindsurfUser(Database db, UserService users, NotesDao notes) {
        UserView owner = users.create(new UserCreate("note_owner", "owner@example.com", "correct horse battery"));
        String id = UUID.randomUUID().toString();

        notes.insert(new Notes(id, owner.id(), "buy milk"));

        assertEquals("buy milk", notes.findById(id).getBody());
        assertEquals(List.of("windsurf", "notes"),
                db.health().migrationSets().stream().map(Health.SetVersion::set).toList());
    }

    @org.junit.jupiter.api.Test
    void shouldMeanTheSameOnBothEngines() {
        assertEquals(List.of(), dev.windsurf.data.testkit.TestDatabases.schemaDifferencesBetweenEngines());
    }

    @OnBothEngines
    void shouldRefuseANoteOfAnUnknownUser(NotesDao notes) {
        assertThrows(DataAccessException.class,
                () -> notes.insert(new Notes(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "x")));
    }
}
