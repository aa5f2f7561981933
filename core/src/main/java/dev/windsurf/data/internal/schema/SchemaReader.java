package dev.windsurf.data.internal.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link SchemaSnapshot} from a live PostgreSQL (current schema) or SQLite database, from the engines' own
 * catalogs. Flyway's history table is left out. Stateless and thread-safe.
 */
public final class SchemaReader {

    /** Tables that belong to the tooling, not to the schema. */
    public static final Set<String> IGNORED_TABLES = Set.of("flyway_schema_history");

    /**
     * Whether a table is a migration history rather than part of the schema: Flyway's default table, or a migration
     * set's {@code <set>_schema_history}.
     */
    public static boolean isHistoryTable(String name) {
        return name != null && (IGNORED_TABLES.contains(name) || name.endsWith("_schema_history"));
    }

    /**
     * The columns of the current schema's tables on PostgreSQL, in table and column order: table name, column name,
     * formatted type, NOT NULL, default expression (or null).
     */
    public static final String POSTGRES_COLUMNS = """
            select t.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid)
            from pg_attribute a
            join pg_class t on t.oid = a.attrelid
            join pg_namespace n on n.oid = t.relnamespace
            left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where n.nspname = current_schema() and t.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
            order by t.relname, a.attnum
            """;

    private SchemaReader() {
    }

    /**
     * Reads the schema the connection sees.
     *
     * @throws SQLException when the catalog cannot be read
     * @throws IllegalArgumentException when the engine is neither PostgreSQL nor SQLite
     */
    public static SchemaSnapshot read(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return readPostgres(connection);
        }
        if (product.contains("sqlite")) {
            return readSqlite(connection);
        }
        throw new IllegalArgumentException("Cannot read the schema of a " + product + " database: only PostgreSQL and SQLite are supported");
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static SchemaSnapshot readPostgres(Connection c) throws SQLException {
        Map<String, TableBuilder> tables = new TreeMap<>();
        query(c, """
                select t.relname from pg_class t join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema() and t.relkind in ('r', 'p')
                """, rs -> {
            String name = rs.getString(1);
            if (!isHistoryTable(name)) {
                tables.put(name, new TableBuilder(name));
            }
        });
        query(c, POSTGRES_COLUMNS, rs -> {
            TableBuilder t = tables.get(rs.getString(1));
            if (t != null) {
                String type = rs.getString(3);
                t.columns.put(rs.getString(2), new SchemaSnapshot.Column(rs.getString(2),
                        TypeFamilies.normaliseType(type), TypeFamilies.family(type), !rs.getBoolean(4),
                        TypeFamilies.normaliseExpression(rs.getString(5))));
            }
        });
        query(c, """
                select t.relname, con.conname, con.contype, con.confdeltype, rt.relname,
                       array(select a.attname from unnest(con.conkey) with ordinality k(num, ord)
                             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.ord),
                       array(select a.attname from unnest(con.confkey) with ordinality k(num, ord)
                             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.ord),
                       pg_get_constraintdef(con.oid)
                from pg_constraint con
                join pg_class t on t.oid = con.conrelid
                join pg_namespace n on n.oid = t.relnamespace
                left join pg_class rt on rt.oid = con.confrelid
                where n.nspname = current_schema()
                order by t.relname, con.conname
                """, rs -> {
            TableBuilder t = tables.get(rs.getString(1));
            if (t == null) {
                return;
            }
            String name = rs.getString(2);
            List<String> columns = strings(rs.getArray(6));
            switch (rs.getString(3)) {
                case "p" -> t.primaryKey = new SchemaSnapshot.Key(name, columns);
                case "u" -> t.uniques.put(name, new SchemaSnapshot.Key(name, columns));
                case "f" -> t.foreignKeys.put(name, new SchemaSnapshot.ForeignKey(name, columns, rs.getString(5),
                        strings(rs.getArray(7)), postgresRule(rs.getString(4))));
                case "c" -> t.checks.put(name, TypeFamilies.normaliseExpression(
                        rs.getString(8).replaceFirst("(?i)^CHECK\\s*", "")));
                default -> { }
            }
        });
        query(c, """
                select t.relname, i.relname, x.indisunique,
                       array(select pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnkeyatts) k),
                       pg_get_expr(x.indpred, x.indrelid, true)
                from pg_index x
                join pg_class i on i.oid = x.indexrelid
                join pg_class t on t.oid = x.indrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema()
                  and not exists (select 1 from pg_constraint con where con.conindid = x.indexrelid)
                order by t.relname, i.relname
                """, rs -> {
            TableBuilder t = tables.get(rs.getString(1));
            if (t != null) {
                List<String> keys = strings(rs.getArray(4)).stream().map(TypeFamilies::normaliseExpression).toList();
                t.indexes.put(rs.getString(2), new SchemaSnapshot.Index(rs.getString(2), rs.getBoolean(3), keys,
                        TypeFamilies.normaliseExpression(rs.getString(5))));
            }
        });
        return snapshot("postgresql", tables);
    }

    private static String postgresRule(String code) {
        return switch (code) {
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            case "r" -> "RESTRICT";
            default -> "NO ACTION";
        };
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    // ---------------------------------------------------------------- SQLite

    private static final Pattern NAMED_CONSTRAINT = Pattern.compile(
            "(?is)\\bCONSTRAINT\\s+[\"`\\[]?(\\w+)[\"`\\]]?\\s+(PRIMARY\\s+KEY|UNIQUE|FOREIGN\\s+KEY|CHECK)\\s*\\(");

    private static SchemaSnapshot readSqlite(Connection c) throws SQLException {
        Map<String, TableBuilder> tables = new TreeMap<>();
        Map<String, String> tableSql = new HashMap<>();
        query(c, "select name, sql from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'",
                rs -> {
                    if (!isHistoryTable(rs.getString(1))) {
                        tables.put(rs.getString(1), new TableBuilder(rs.getString(1)));
                        tableSql.put(rs.getString(1), rs.getString(2));
                    }
                });
        for (TableBuilder t : tables.values()) {
            List<NamedConstraint> named = parseConstraints(tableSql.get(t.name));
            List<String> pkColumns = new ArrayList<>();
            Map<Integer, String> pkOrder = new TreeMap<>();
            query(c, "pragma table_info(" + quote(t.name) + ")", rs -> {
                String type = rs.getString("type");
                t.columns.put(rs.getString("name"), new SchemaSnapshot.Column(rs.getString("name"),
                        TypeFamilies.normaliseType(type), TypeFamilies.family(type), rs.getInt("notnull") == 0,
                        TypeFamilies.normaliseExpression(rs.getString("dflt_value"))));
                if (rs.getInt("pk") > 0) {
                    pkOrder.put(rs.getInt("pk"), rs.getString("name"));
                }
            });
            pkColumns.addAll(pkOrder.values());
            if (!pkColumns.isEmpty()) {
                t.primaryKey = new SchemaSnapshot.Key(nameOf(named, "PRIMARY KEY", pkColumns), pkColumns);
            }

            Map<Integer, ForeignKeyParts> fks = new LinkedHashMap<>();
            query(c, "pragma foreign_key_list(" + quote(t.name) + ")", rs -> {
                ForeignKeyParts parts = fks.computeIfAbsent(rs.getInt("id"),
                        id -> new ForeignKeyParts(rs, "table", "on_delete"));
                parts.columns.add(rs.getString("from"));
                parts.referencedColumns.add(rs.getString("to"));
            });
            for (ForeignKeyParts fk : fks.values()) {
                String name = nameOf(named, "FOREIGN KEY", fk.columns);
                t.foreignKeys.put(name, new SchemaSnapshot.ForeignKey(name, fk.columns, fk.table, fk.referencedColumns,
                        fk.onDelete.toUpperCase(Locale.ROOT)));
            }
            for (NamedConstraint nc : named) {
                if (nc.kind.equals("CHECK")) {
                    t.checks.put(nc.name, TypeFamilies.normaliseExpression(nc.body));
                }
            }

            List<String[]> indexList = new ArrayList<>();
            query(c, "pragma index_list(" + quote(t.name) + ")", rs -> indexList.add(new String[] {
                    rs.getString("name"), rs.getString("unique"), rs.getString("origin")}));
            for (String[] index : indexList) {
                String indexName = index[0];
                boolean unique = "1".equals(index[1]);
                String origin = index[2];
                if ("pk".equals(origin)) {
                    continue;
                }
                List<String> columns = new ArrayList<>();
                List<Integer> cids = new ArrayList<>();
                query(c, "pragma index_xinfo(" + quote(indexName) + ")", rs -> {
                    if (rs.getInt("key") == 1) {
                        columns.add(rs.getString("name"));
                        cids.add(rs.getInt("cid"));
                    }
                });
                if ("u".equals(origin)) {
                    String name = nameOf(named, "UNIQUE", columns);
                    t.uniques.put(name, new SchemaSnapshot.Key(name, columns));
                    continue;
                }
                String[] sqlAndWhere = indexDefinition(c, indexName);
                List<String> keys = new ArrayList<>();
                List<String> sourceKeys = sqlAndWhere[0] == null ? List.of() : splitTopLevel(sqlAndWhere[0]);
                for (int i = 0; i < columns.size(); i++) {
                    if (cids.get(i) >= 0 || i >= sourceKeys.size()) {
                        keys.add(TypeFamilies.normaliseExpression(columns.get(i)));
                    } else {
                        keys.add(TypeFamilies.normaliseExpression(stripOrdering(sourceKeys.get(i))));
                    }
                }
                t.indexes.put(indexName, new SchemaSnapshot.Index(indexName, unique, keys,
                        TypeFamilies.normaliseExpression(sqlAndWhere[1])));
            }
        }
        return snapshot("sqlite", tables);
    }

    private record NamedConstraint(String name, String kind, List<String> columns, String body) {
    }

    private static final class ForeignKeyParts {
        final String table;
        final String onDelete;
        final List<String> columns = new ArrayList<>();
        final List<String> referencedColumns = new ArrayList<>();

        ForeignKeyParts(ResultSet rs, String tableColumn, String onDeleteColumn) {
            try {
                this.table = rs.getString(tableColumn);
                this.onDelete = rs.getString(onDeleteColumn);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Finds {@code CONSTRAINT name KIND (…)} clauses in a CREATE TABLE statement. */
    static List<NamedConstraint> parseConstraints(String createTable) {
        List<NamedConstraint> out = new ArrayList<>();
        if (createTable == null) {
            return out;
        }
        Matcher m = NAMED_CONSTRAINT.matcher(createTable);
        while (m.find()) {
            String kind = m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            int open = m.end() - 1;
            int close = matchingParen(createTable, open);
            String body = createTable.substring(open + 1, close);
            List<String> columns = kind.equals("CHECK") ? List.of()
                    : splitTopLevel(body).stream().map(SchemaReader::unquote).toList();
            out.add(new NamedConstraint(m.group(1), kind, columns, body));
        }
        return out;
    }

    private static String nameOf(List<NamedConstraint> named, String kind, List<String> columns) {
        for (NamedConstraint nc : named) {
            if (nc.kind.equals(kind) && nc.columns.equals(columns)) {
                return nc.name;
            }
        }
        return "(unnamed " + kind.toLowerCase(Locale.ROOT) + " on " + String.join(", ", columns) + ")";
    }

    /** Returns the key list and the WHERE predicate of a CREATE INDEX statement. */
    private static String[] indexDefinition(Connection c, String indexName) throws SQLException {
        String[] result = new String[2];
        try (PreparedStatement ps = c.prepareStatement("select sql from sqlite_master where type = 'index' and name = ?")) {
            ps.setString(1, indexName);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    String sql = rs.getString(1);
                    int open = sql.indexOf('(', indexOfOn(sql));
                    int close = matchingParen(sql, open);
                    result[0] = sql.substring(open + 1, close);
                    Matcher where = Pattern.compile("(?is)^\\s*WHERE\\s+(.*)$").matcher(sql.substring(close + 1));
                    result[1] = where.find() ? where.group(1).trim() : null;
                }
            }
        }
        return result;
    }

    /** Where the word ON ends outside quoted names and strings (an index name may hold " ON "), or 0. */
    private static int indexOfOn(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            int after = afterQuoted(sql, i);
            if (after > i) {
                i = after - 1;
            } else if (i > 0 && Character.isWhitespace(sql.charAt(i - 1)) && sql.regionMatches(true, i, "ON", 0, 2)
                    && i + 2 < sql.length() && Character.isWhitespace(sql.charAt(i + 2))) {
                return i + 3;
            }
        }
        return 0;
    }

    /**
     * When a quoted name or string starts at {@code i} ({@code '…'}, {@code "…"}, {@code `…`} or {@code […]}, quotes
     * doubled inside), the index after its end; otherwise {@code i}. Names may hold parentheses, commas and quotes of
     * the other kinds.
     */
    public static int afterQuoted(String s, int i) {
        char open = s.charAt(i);
        char close = switch (open) {
            case '\'', '"', '`' -> open;
            case '[' -> ']';
            default -> 0;
        };
        if (close == 0) {
            return i;
        }
        for (int j = i + 1; j < s.length(); j++) {
            if (s.charAt(j) == close) {
                if (close != ']' && j + 1 < s.length() && s.charAt(j + 1) == close) {
                    j++;
                    continue;
                }
                return j + 1;
            }
        }
        return s.length();
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            int after = afterQuoted(s, i);
            if (after > i) {
                i = after - 1;
                continue;
            }
            char ch = s.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced parentheses in: " + s);
    }

    /** Splits on commas that are outside parentheses, quoted names and strings. */
    static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            int after = afterQuoted(list, i);
            if (after > i) {
                i = after - 1;
                continue;
            }
            char ch = list.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && ch == ',') {
                parts.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(list.substring(start).trim());
        return parts;
    }

    private static String stripOrdering(String key) {
        return key.replaceAll("(?i)\\s+(ASC|DESC)\\s*$", "").replaceAll("(?i)\\s+COLLATE\\s+\\w+\\s*$", "");
    }

    private static String unquote(String identifier) {
        String t = identifier.trim();
        if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
            return t.substring(1, t.length() - 1).replace("\"\"", "\"");
        }
        if (t.length() >= 2 && t.charAt(0) == '`' && t.charAt(t.length() - 1) == '`') {
            return t.substring(1, t.length() - 1).replace("``", "`");
        }
        return t.replaceAll("^[\"`\\[]|[\"`\\]]$", "");
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    // ---------------------------------------------------------------- shared

    /** What {@link #query} does with each row. */
    @FunctionalInterface
    public interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    /** Runs a query and hands each of its rows to the handler. */
    public static void query(Connection c, String sql, RowHandler handler) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                handler.handle(rs);
            }
        }
    }

    private static final class TableBuilder {
        final String name;
        final Map<String, SchemaSnapshot.Column> columns = new TreeMap<>();
        SchemaSnapshot.Key primaryKey;
        final Map<String, SchemaSnapshot.ForeignKey> foreignKeys = new TreeMap<>();
        final Map<String, SchemaSnapshot.Key> uniques = new TreeMap<>();
        final Map<String, SchemaSnapshot.Index> indexes = new TreeMap<>();
        final Map<String, String> checks = new TreeMap<>();

        TableBuilder(String name) {
            this.name = name;
        }

        SchemaSnapshot.Table build() {
            return new SchemaSnapshot.Table(name, new TreeMap<>(columns), primaryKey, new TreeMap<>(foreignKeys),
                    new TreeMap<>(uniques), new TreeMap<>(indexes), new TreeMap<>(checks));
        }
    }

    private static SchemaSnapshot snapshot(String engine, Map<String, TableBuilder> tables) {
        TreeMap<String, SchemaSnapshot.Table> built = new TreeMap<>();
        tables.forEach((name, builder) -> built.put(name, builder.build()));
        return new SchemaSnapshot(engine, built);
    }

}
