package dev.windsurf.data.user;

import dev.windsurf.data.Engine;

class SqliteUserServiceTest extends UserServiceContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
