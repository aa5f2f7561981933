package dev.windsurf.data;

class SqliteHostileInputTest extends HostileInputContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
