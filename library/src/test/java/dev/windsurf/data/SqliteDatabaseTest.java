package dev.windsurf.data;

class SqliteDatabaseTest extends DatabaseContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
