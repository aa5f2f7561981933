package dev.windsurf.data.migration;

import dev.windsurf.data.Engine;

class PostgresMigrationSetsTest extends MigrationSetsContract {
    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
