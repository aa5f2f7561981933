package dev.windsurf.data.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationSettingsTest {

    @Test
    void shouldDefaultToTheProjectsMigrationsOnTheClassPath() {
        MigrationSettings defaults = MigrationSettings.ofDefaults();

        assertThat(defaults.locations()).containsExactly("classpath:db/migration");
        assertThat(defaults.undoLocation()).isEqualTo("classpath:db/undo");
        assertThat(defaults.listeners()).isEmpty();
    }

    @Test
    void shouldRejectLocationsFlywayWouldNotFindNamingTheSetting() {
        assertThatThrownBy(() -> MigrationSettings.builder().locations("db/migration"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("location must be classpath:<path> or filesystem:<directory>, was 'db/migration'");
        assertThatThrownBy(() -> MigrationSettings.builder().undoLocation("filesystem:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("undoLocation must be");
        assertThatThrownBy(() -> MigrationSettings.builder().locations())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> MigrationSettings.builder().undoLocation(null))
                .isInstanceOf(NullPointerException.class).hasMessage("undoLocation cannot be null");
        assertThatThrownBy(() -> MigrationSettings.builder().listener(null))
                .isInstanceOf(NullPointerException.class).hasMessage("listener cannot be null");
    }

    @Test
    void shouldCopyWhatTheBuilderHeld() {
        MigrationListener listener = new MigrationListener() { };
        MigrationSettings.Builder builder = MigrationSettings.builder().locations("filesystem:/a").listener(listener);

        MigrationSettings settings = builder.build();
        builder.listener(new MigrationListener() { }).locations("filesystem:/b");

        assertThat(settings.locations()).containsExactly("filesystem:/a");
        assertThat(settings.listeners()).containsExactly(listener);
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }
}
