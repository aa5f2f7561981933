package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;

class SqlitePlainHistoryTest extends PlainHistoryContract {

    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
