package dev.windsurf.data.internal.schema;

import java.util.Locale;

/** Maps declared column types of PostgreSQL and SQLite to engine-neutral families, so that snapshots compare. */
final class TypeFamilies {

    private TypeFamilies() {
    }

    /** Lower case, single spaces, no spaces inside parentheses: {@code VARCHAR( 10 )} becomes {@code varchar(10)}. */
    static String normaliseType(String declared) {
        if (declared == null || declared.isBlank()) {
            return "";
        }
        return declared.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")
                .replaceAll("\\s*\\(\\s*", "(").replaceAll("\\s*,\\s*", ",").replaceAll("\\s*\\)", ")");
    }

    /**
     * The family of a declared type: {@code text}, {@code integer}, {@code boolean}, {@code timestamptz},
     * {@code timestamp}, {@code date}, {@code time}, {@code numeric}, {@code float}, {@code uuid}, {@code json},
     * {@code binary}, or the normalised type itself when it is none of these.
     */
    static String family(String declared) {
        String type = normaliseType(declared);
        String base = type.replaceAll("\\(.*\\)", "").replace("[]", "").trim();
        if (type.endsWith("[]")) {
            return "array";
        }
        return switch (base) {
            case "text", "varchar", "character varying", "char", "character", "clob", "nvarchar", "nchar",
                 "varying character", "native character", "name", "citext" -> "text";
            case "integer", "int", "int2", "int4", "int8", "bigint", "smallint", "tinyint", "mediumint",
                 "serial", "bigserial", "smallserial" -> "integer";
            case "boolean", "bool" -> "boolean";
            case "timestamp with time zone", "timestamptz" -> "timestamptz";
            case "timestamp", "timestamp without time zone", "datetime" -> "timestamp";
            case "date" -> "date";
            case "time", "time without time zone", "time with time zone", "timetz" -> "time";
            case "numeric", "decimal" -> "numeric";
            case "real", "double precision", "double", "float", "float4", "float8" -> "float";
            case "uuid" -> "uuid";
            case "json", "jsonb" -> "json";
            case "bytea", "blob" -> "binary";
            default -> type;
        };
    }

    /**
     * Normalises an SQL expression (a default, an index key, a CHECK or a partial-index predicate) enough that
     * PostgreSQL's re-rendered form and SQLite's stored source compare equal: lower case, PostgreSQL casts
     * ({@code ::text}) removed, parentheses, quotes around identifiers and white space removed. Lossy by design:
     * it is only used for comparison.
     */
    static String normaliseExpression(String expression) {
        if (expression == null) {
            return null;
        }
        String e = expression.trim().toLowerCase(Locale.ROOT);
        e = e.replaceAll("::[a-z_]+( (varying|precision|with(out)? time zone))?(\\[\\])?", "");
        e = e.replace("\"", "").replace("(", "").replace(")", "").replaceAll("\\s+", "");
        return e;
    }
}
