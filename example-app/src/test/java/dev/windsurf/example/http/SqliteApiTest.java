package dev.windsurf.example.http;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;

class SqliteApiTest extends ApiContract {
    @Override
    protected Database openDatabase() {
        return Database.start(DatabaseConfig.builder().url("sqlite::memory:").build());
    }
}
