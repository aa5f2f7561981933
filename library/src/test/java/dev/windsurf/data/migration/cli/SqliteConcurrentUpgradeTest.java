package dev.windsurf.data.migration.cli;

import dev.windsurf.data.Engine;

class SqliteConcurrentUpgradeTest extends ConcurrentUpgradeContract {

    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
