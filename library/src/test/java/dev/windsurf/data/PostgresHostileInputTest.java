package dev.windsurf.data;

class PostgresHostileInputTest extends HostileInputContract {
    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
