package dev.windsurf.codegen.internal;

import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.jooq.codegen.GeneratorStrategy.Mode;
import org.jooq.codegen.JavaGenerator;
import org.jooq.codegen.JavaWriter;
import org.jooq.meta.ColumnDefinition;
import org.jooq.meta.Definition;
import org.jooq.meta.TableDefinition;

/**
 * jOOQ's Java generator, with one change: the {@code toString()} of generated records and POJOs prints
 * {@code ****} for columns that hold secrets, so that logging a row never writes a password hash, a token or a
 * secret. A column holds a secret when its name contains {@code password}, {@code secret} or {@code token}, in any
 * case (e.g. {@code password_hash}). Getters, setters, equality and everything else are jOOQ's own.
 *
 * <p>Not part of the public API: the codegen plugin names it as its generator.
 */
public class SecretMaskingGenerator extends JavaGenerator {

    /** The column names whose values {@code toString()} masks. */
    public static final Pattern SECRET_COLUMN = Pattern.compile("(?i).*(password|secret|token).*");

    static final String MASK = "****";

    @Override
    protected void generateRecordClassFooter(TableDefinition table, JavaWriter out) {
        super.generateRecordClassFooter(table, out);
        if (table.getColumns().stream().anyMatch(SecretMaskingGenerator::secret)) {
            writeToString(out, getStrategy().getJavaClassName(table, Mode.RECORD), table.getColumns(),
                    i -> "get(" + i + ")");
        }
    }

    @Override
    protected void generatePojoToString(Definition definition, JavaWriter out) {
        if (!(definition instanceof TableDefinition table)
                || table.getColumns().stream().noneMatch(SecretMaskingGenerator::secret)) {
            super.generatePojoToString(definition, out);
            return;
        }
        List<ColumnDefinition> columns = table.getColumns();
        writeToString(out, getStrategy().getJavaClassName(table, Mode.POJO), columns,
                i -> "this." + getStrategy().getJavaMemberName(columns.get(i), Mode.POJO));
    }

    /** Writes a {@code toString()} listing every column's value, {@code valueOf(i)} being the i-th one's expression. */
    private static void writeToString(JavaWriter out, String className, List<ColumnDefinition> columns,
                                      IntFunction<String> valueOf) {
        out.println();
        out.javadoc("Every column's value, with %s in place of secrets (%s).", MASK, secretNames(columns));
        out.override();
        out.println("public String toString() {");
        out.println("StringBuilder sb = new StringBuilder(\"%s (\");", className);
        for (int i = 0; i < columns.size(); i++) {
            String separator = i == 0 ? "" : ".append(\", \")";
            String value = valueOf.apply(i);
            if (secret(columns.get(i))) {
                out.println("sb%s.append(%s == null ? \"null\" : \"%s\");", separator, value, MASK);
            } else {
                out.println("sb%s.append(%s);", separator, value);
            }
        }
        out.println("sb.append(\")\");");
        out.println("return sb.toString();");
        out.println("}");
    }

    static boolean secret(ColumnDefinition column) {
        return SECRET_COLUMN.matcher(column.getName()).matches();
    }

    private static String secretNames(List<ColumnDefinition> columns) {
        return String.join(", ", columns.stream().filter(SecretMaskingGenerator::secret)
                .map(ColumnDefinition::getName).toList());
    }
}
