package dev.windsurf.data.user;

import dev.windsurf.data.Engine;

class PostgresUserServiceTest extends UserServiceContract {
    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
