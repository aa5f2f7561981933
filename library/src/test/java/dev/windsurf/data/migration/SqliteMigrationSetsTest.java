package dev.windsurf.data.migration;

import dev.windsurf.data.Engine;

class SqliteMigrationSetsTest extends MigrationSetsContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
