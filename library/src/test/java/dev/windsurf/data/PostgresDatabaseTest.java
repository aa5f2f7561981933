package dev.windsurf.data;

class PostgresDatabaseTest extends DatabaseContract {
    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
