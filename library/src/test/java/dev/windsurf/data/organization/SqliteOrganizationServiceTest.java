package dev.windsurf.data.organization;

import dev.windsurf.data.Engine;

class SqliteOrganizationServiceTest extends OrganizationServiceContract {
    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }
}
