package dev.windsurf.data.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.schema.tables.pojos.Projects;
import dev.windsurf.data.user.PasswordHash;
import dev.windsurf.data.schema.tables.pojos.Users;
import dev.windsurf.data.schema.tables.records.UsersRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Logging a generated row never writes a password hash: the generated toString() masks secret columns. */
class GeneratedSecretsTest {

    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";
    private static final Instant NOW = Instant.parse("2026-11-24T09:28:55.123456Z");

    @Test
    void shouldMaskThePasswordHashOfAUserRecordAndPojo() {
        // Setters, not the all-columns constructor: a column added by a later migration (the README's
        // `db revision --autogenerate` walkthrough adds one) must not break this test
        UsersRecord record = new UsersRecord();
        record.setId("019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091");
        record.setUsername("alice");
        record.setEmail("alice@example.com");
        record.setPasswordHash(PasswordHash.of(HASH));
        record.setIsActive(true);
        record.setIsAdmin(false);
        record.setCreatedAt(NOW);
        record.setUpdatedAt(NOW);
        Users pojo = record.into(Users.class);

        for (String text : new String[] {record.toString(), pojo.toString()}) {
            assertThat(text).doesNotContain(HASH).doesNotContain("argon2").contains("****")
                    .contains("alice", "alice@example.com", "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091");
        }
        assertThat(record.getPasswordHash().reveal()).isEqualTo(HASH);
        assertThat(pojo.getPasswordHash().reveal()).isEqualTo(HASH);
        assertThat(record.getPasswordHash()).hasToString("****").isEqualTo(PasswordHash.of(HASH));
        assertThat(new UsersRecord().toString()).doesNotContain("****");
    }

    @Test
    void shouldLeaveTablesWithoutSecretsToJooq() {
        Projects project = new Projects();
        project.setId("p");
        project.setName("Apollo");
        project.setDescription("To the moon");
        project.setOwnerId("o");
        project.setCreatedAt(NOW);
        project.setUpdatedAt(NOW);

        assertThat(project.toString()).contains("Apollo", "To the moon").doesNotContain("****");
    }
}
