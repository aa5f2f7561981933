package dev.windsurf.data.project;

import dev.windsurf.data.Engine;

class PostgresProjectServiceTest extends ProjectServiceContract {
    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
