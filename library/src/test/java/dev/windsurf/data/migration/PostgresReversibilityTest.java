package dev.windsurf.data.migration;

import dev.windsurf.data.Engine;

class PostgresReversibilityTest extends ReversibilityContract {
    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
