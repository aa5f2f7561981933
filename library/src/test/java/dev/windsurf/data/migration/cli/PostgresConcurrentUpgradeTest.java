package dev.windsurf.data.migration.cli;

import dev.windsurf.data.Engine;

class PostgresConcurrentUpgradeTest extends ConcurrentUpgradeContract {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
