package dev.windsurf.data.organization;

import dev.windsurf.data.Engine;

class PostgresOrganizationServiceTest extends OrganizationServiceContract {
    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
