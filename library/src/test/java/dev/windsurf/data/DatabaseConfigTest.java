package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void shouldDefaultToAnSqliteFileUnderData() {
        DatabaseConfig config = DatabaseConfig.builder().build();

        assertThat(config.url()).isEqualTo(DatabaseConfig.DEFAULT_URL);
        assertThat(config.engine()).isEqualTo(Engine.SQLITE);
        assertThat(config.schemaPolicy()).isEqualTo(SchemaPolicy.MIGRATE);
        assertThat(config.poolSize()).isEqualTo(4);
        assertThat(config.retry()).isEqualTo(RetrySettings.DEFAULTS);
        assertThat(config.fallbackUrl()).isNull();
        assertThat(config.readUrl()).isNull();
        assertThat(config.name()).isEqualTo("windsurf");
    }

    @Test
    void shouldUsePostgresqlDefaultsForAPostgresqlUrl() {
        DatabaseConfig config = DatabaseConfig.builder().url("postgresql://app:s3cret@db.internal:5433/windsurf").build();

        assertThat(config.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(config.schemaPolicy()).isEqualTo(SchemaPolicy.VALIDATE);
        assertThat(config.poolSize()).isEqualTo(10);
        assertThat(config.username()).isEqualTo("app");
        assertThat(config.password()).isEqualTo("s3cret");
    }

    @Test
    void shouldReadTheEnvironmentAndLetTheBuilderWin() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "postgres://env:envpass@localhost/envdb",
                "WINDSURF_DB_POOL_SIZE", "7",
                "WINDSURF_SCHEMA_POLICY", "migrate",
                "WINDSURF_RETRY_MAX_ATTEMPTS", "9",
                "WINDSURF_RETRY_INITIAL_DELAY_MS", "10",
                "WINDSURF_DB_SOCKET_TIMEOUT_MS", "45000",
                "DATABASE_FALLBACK_URL", "sqlite:///target/test-tmp/fallback.db");

        DatabaseConfig config = DatabaseConfig.builder().environment(env).poolSize(3).build();

        assertThat(config.poolSize()).isEqualTo(3);
        assertThat(config.schemaPolicy()).isEqualTo(SchemaPolicy.MIGRATE);
        assertThat(config.retry().maxAttempts()).isEqualTo(9);
        assertThat(config.retry().initialDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.username()).isEqualTo("env");
        assertThat(config.fallbackUrl()).isEqualTo("sqlite:///target/test-tmp/fallback.db");
    }

    @Test
    void shouldNameTheVariableWhenAnEnvironmentValueIsInvalid() {
        assertThatThrownBy(() -> DatabaseConfig.builder().environment(Map.of("WINDSURF_DB_POOL_SIZE", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WINDSURF_DB_POOL_SIZE").hasMessageContaining("many");
        assertThatThrownBy(() -> DatabaseConfig.builder().environment(Map.of("WINDSURF_DB_POOL_SIZE", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WINDSURF_DB_POOL_SIZE").hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> DatabaseConfig.builder().environment(Map.of("WINDSURF_SCHEMA_POLICY", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WINDSURF_SCHEMA_POLICY").hasMessageContaining("MIGRATE, VALIDATE or NONE");
        assertThatThrownBy(() -> DatabaseConfig.builder().environment(Map.of("WINDSURF_RETRY_JITTER", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
    }

    @Test
    void shouldRejectOutOfRangeSettingsInsteadOfClampingThem() {
        DatabaseConfig.Builder builder = DatabaseConfig.builder();

        assertThatThrownBy(() -> builder.poolSize(0)).hasMessage("poolSize must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionTimeout");
        assertThatThrownBy(() -> builder.socketTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("socketTimeout cannot be null");
        assertThatThrownBy(() -> builder.name("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.startupAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySettings(0, Duration.ZERO, Duration.ZERO, 0))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .hasMessageContaining("maxDelay");
    }

    @Test
    void shouldRefuseAnUnsupportedUrlWithItsPasswordMasked() {
        assertThatThrownBy(() -> DatabaseConfig.builder().url("mysql://root:hunter2@localhost/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseAFallbackThatIsThePrimary() {
        DatabaseConfig.Builder builder = DatabaseConfig.builder().url("jdbc:sqlite:target/test-tmp/same.db")
                .fallbackUrl("jdbc:sqlite:target/test-tmp/same.db");

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fallback");
    }

    @Test
    void shouldMaskPasswordsWhenPrinted() {
        DatabaseConfig config = DatabaseConfig.builder()
                .url("postgresql://app:url-secret@db:5432/w?sslmode=require")
                .fallbackUrl("jdbc:postgresql://db2/w?user=x&password=param-secret")
                .build();

        assertThat(config.toString()).doesNotContain("url-secret", "param-secret").contains("****", "app");
        assertThat(config.maskedUrl()).doesNotContain("url-secret");
    }

    @Test
    void shouldLetExplicitCredentialsOverrideThoseInTheUrl() {
        DatabaseConfig config = DatabaseConfig.builder().url("postgresql://a:b@h/d").credentials("c", "d").build();

        assertThat(config.username()).isEqualTo("c");
        assertThat(config.password()).isEqualTo("d");
    }

    @Test
    void shouldReadTheReadReplicaFromTheEnvironmentWithItsOwnCredentials() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "postgresql://app:primary-secret@primary:5432/windsurf",
                "DATABASE_READ_URL", "postgresql://reader:replica-secret@replica:5432/windsurf");

        DatabaseConfig config = DatabaseConfig.builder().environment(env).build();

        assertThat(config.readUrl()).isEqualTo("postgresql://reader:replica-secret@replica:5432/windsurf");
        assertThat(config.readUsername()).isEqualTo("reader");
        assertThat(config.readPassword()).isEqualTo("replica-secret");
        assertThat(config.maskedReadUrl()).isEqualTo("postgresql://reader:****@replica:5432/windsurf");
        assertThat(config.toString()).contains("readUrl=postgresql://reader:****@replica:5432/windsurf")
                .doesNotContain("replica-secret", "primary-secret");
    }

    @Test
    void shouldGiveTheReadReplicaThePrimarysCredentialsWhenItsUrlHasNone() {
        DatabaseConfig config = DatabaseConfig.builder().url("postgresql://app:s3cret@primary/windsurf")
                .credentials("svc", "explicit").readUrl("jdbc:postgresql://replica/windsurf").build();

        assertThat(config.readUsername()).isEqualTo("svc");
        assertThat(config.readPassword()).isEqualTo("explicit");
        assertThat(DatabaseConfig.builder().build().toString()).contains("readUrl=none");
    }

    @Test
    void shouldRefuseAReadReplicaOfAnotherEngineWithItsPasswordMasked() {
        assertThatThrownBy(() -> DatabaseConfig.builder().readUrl("jdbc:sqlite:target/test-tmp/replica.db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readUrl must be a PostgreSQL database");
        assertThatThrownBy(() -> DatabaseConfig.builder().readUrl("mysql://root:hunter2@replica/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseConfig.builder()
                .environment(Map.of("DATABASE_READ_URL", "sqlite:///target/test-tmp/replica.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_READ_URL").hasMessageContaining("PostgreSQL");
    }

    @Test
    void shouldRefuseAReadReplicaForAnSqlitePrimary() {
        DatabaseConfig.Builder builder = DatabaseConfig.builder().url("jdbc:sqlite:target/test-tmp/primary.db")
                .readUrl("postgresql://app:replica-secret@replica/windsurf");

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a read replica needs a PostgreSQL primary")
                .hasMessageNotContaining("replica-secret");
    }

    @Test
    void shouldRefuseAReadReplicaThatIsThePrimary() {
        DatabaseConfig.Builder builder = DatabaseConfig.builder()
                .url("postgresql://app:primary-secret@db:5432/windsurf")
                .readUrl("jdbc:postgresql://db:5432/windsurf");

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("readUrl is the same database as url (postgresql://app:****@db:5432/windsurf)")
                .hasMessageNotContaining("primary-secret");
    }

    @Test
    void shouldLeaveTheReadReplicaOutOfTheFallbackSettings() {
        DatabaseConfig config = DatabaseConfig.builder().url("postgresql://app:s3cret@primary/windsurf")
                .readUrl("postgresql://replica/windsurf")
                .fallbackUrl("jdbc:sqlite:target/test-tmp/fallback.db").build();

        DatabaseConfig fallback = config.onFallback();

        assertThat(fallback.readUrl()).isNull();
        assertThat(fallback.readUsername()).isNull();
        assertThat(fallback.readPassword()).isNull();
        assertThat(fallback.engine()).isEqualTo(Engine.SQLITE);
    }

    @Test
    void shouldBoundEveryCallByAnOperationTimeoutOfFiveSecondsUnlessConfigured() {
        assertThat(DatabaseConfig.builder().build().operationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(DatabaseConfig.builder().environment(Map.of("WINDSURF_DB_OPERATION_TIMEOUT_MS", "1500")).build()
                .operationTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(DatabaseConfig.builder().operationTimeout(Duration.ofSeconds(30)).build().toString())
                .contains("operationTimeout=PT30S");
    }

    @Test
    void shouldRefuseAnOperationTimeoutOutOfRangeOrNoLongerThanTheFirstRetryDelay() {
        assertThatThrownBy(() -> DatabaseConfig.builder().operationTimeout(Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operationTimeout")
                .hasMessageContaining("PT0.1S");
        assertThatThrownBy(() -> DatabaseConfig.builder().operationTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("operationTimeout cannot be null");
        assertThatThrownBy(() -> DatabaseConfig.builder().environment(Map.of("WINDSURF_DB_OPERATION_TIMEOUT_MS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WINDSURF_DB_OPERATION_TIMEOUT_MS");
        assertThatThrownBy(() -> DatabaseConfig.builder().operationTimeout(Duration.ofMillis(200))
                .retry(new RetrySettings(3, Duration.ofMillis(500), Duration.ofSeconds(1), 0)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("initial delay");
    }

    @Test
    void shouldMigrateAnSqliteFallbackOfAPostgresqlPrimaryUnlessToldOtherwise() {
        DatabaseConfig.Builder builder = DatabaseConfig.builder().url("postgresql://app:s3cret@primary/windsurf")
                .fallbackUrl("jdbc:sqlite:target/test-tmp/fallback.db");

        assertThat(builder.build().onFallback().schemaPolicy()).isEqualTo(SchemaPolicy.MIGRATE);
        assertThat(builder.schemaPolicy(SchemaPolicy.NONE).build().onFallback().schemaPolicy())
                .isEqualTo(SchemaPolicy.NONE);
        assertThat(DatabaseConfig.builder().url("postgresql://app:s3cret@primary/windsurf")
                .fallbackUrl("postgresql://app:s3cret@standby/windsurf").build().onFallback().schemaPolicy())
                .isEqualTo(SchemaPolicy.VALIDATE);
    }
}
