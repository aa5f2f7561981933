package dev.windsurf.codegen.internal;

import java.util.List;
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
        List<ColumnDefinition> columns = table.getColumns();
        if (columns.stream().noneMatch(SecretMaskingGenerator::secret)) {
            return;
        }
        String name = getStrategy().getJavaClassName(table, Mode.RECORD);
        out.println();
        out.javadoc("Every column's value, with %s in place of secrets (%s).", MASK, secretNames(columns));
        out.override();
        out.println("public String toString() {");
        out.println("StringBuilder sb = new StringBuilder(\"%s (\");", name);
        for (int i = 0; i < columns.size(); i++) {
            String separator = i == 0 ? "" : ".append(\", \")";
            if (secret(columns.get(i))) {
                out.println("sb%s.append(get(%s) == null ? \"null\" : \"%s\");", separator, i, MASK);
            } else {
                out.println("sb%s.append(get(%s));", separator, i);
            }
        }
        out.println("sb.append(\")\");");
        out.println("return sb.toString();");
        out.println("}");
    }

    @Override
    protected void generatePojoToString(Definition definition, JavaWriter out) {
        if (!(definition instanceof TableDefinition table)
                || table.getColumns().stream().noneMatch(SecretMaskingGenerator::secret)) {
            super.generatePojoToString(definition, out);
            return;
        }
        List<ColumnDefinition> columns = table.getColumns();
        String name = getStrategy().getJavaClassName(table, Mode.POJO);
        out.println();
        out.javadoc("Every column's value, with %s in place of secrets (%s).", MASK, secretNames(columns));
        out.override();
        out.println("public String toString() {");
        out.println("StringBuilder sb = new StringBuilder(\"%s (\");", name);
        for (int i = 0; i < columns.size(); i++) {
            String member = getStrategy().getJavaMemberName(columns.get(i), Mode.POJO);
            String separator = i == 0 ? "" : ".append(\", \")";
            if (secret(columns.get(i))) {
                out.println("sb%s.append(this.%s == null ? \"null\" : \"%s\");", separator, member, MASK);
            } else {
                out.println("sb%s.append(this.%s);", separator, member);
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
