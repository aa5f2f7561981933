package dev.windsurf.data.project;

import dev.windsurf.data.Engine;

class SqliteProjectServiceTest extends ProjectServiceContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
