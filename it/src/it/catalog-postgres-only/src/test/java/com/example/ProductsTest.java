package com.example;

import static com.example.catalog.schema.Tables.PRODUCTS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.catalog.schema.enums.ProductState;
import com.example.catalog.schema.tables.records.ProductsRecord;
import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.testkit.TestDatabase;
import dev.windsurf.data.testkit.TestDatabases;
import java.nio.file.Files;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** PostgreSQL types come out as proper jOOQ types and round-trip; SQLite is refused with a clear message. */
class ProductsTest {

    @Test
    void shouldRoundTripAnEnumATextArrayAndJsonb() {
        try (TestDatabase test = TestDatabases.open(Engine.POSTGRESQL)) {
            Database db = test.database();
            ProductsRecord stored = db.write(tx -> tx.insertInto(PRODUCTS)
                    .set(PRODUCTS.NAME, "kite")
                    .set(PRODUCTS.STATE, ProductState.live)
                    .set(PRODUCTS.TAGS, new String[] {"wind", "water"})
                    .set(PRODUCTS.ATTRIBUTES, JSONB.valueOf("{\"size\": 12}"))
                    .returning().fetchOne());

            ProductsRecord read = db.read(tx -> tx.selectFrom(PRODUCTS).where(PRODUCTS.ID.eq(stored.getId()))
                    .fetchOne());
            assertEquals(ProductState.live, read.getState());
            assertArrayEquals(new String[] {"wind", "water"}, read.getTags());
            assertEquals(12, Integer.parseInt(read.getAttributes().data().replaceAll("\\D", "")));
            assertEquals(String[].class, PRODUCTS.TAGS.getType());
            assertEquals(JSONB.class, PRODUCTS.ATTRIBUTES.getType());
        }
    }

    @Test
    void shouldRefuseToStartThePostgresOnlySetOnSqlite() throws Exception {
        String url = "sqlite:///" + Files.createTempDirectory("catalog-it").resolve("catalog.db");
        MigrationException e = assertThrows(MigrationException.class,
                () -> Database.start(DatabaseConfig.fromEnvironment().url(url).build()));
        assertEquals(MigrationException.Reason.WRONG_ENGINE, e.reason());
        assertTrue(e.getMessage().contains("catalog targets PostgreSQL only"), e.getMessage());
    }
}
