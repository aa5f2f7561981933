package dev.windsurf.data.migration;

import dev.windsurf.data.Engine;

class SqliteReversibilityTest extends ReversibilityContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
