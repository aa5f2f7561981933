package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;

class PostgresPlainHistoryTest extends PlainHistoryContract {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
