package dev.windsurf.data;

class SqliteSchemaCheckTest extends SchemaCheckContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
