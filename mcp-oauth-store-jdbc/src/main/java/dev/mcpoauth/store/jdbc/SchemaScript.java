package dev.mcpoauth.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The DDL of one dialect, read from the classpath, with the table name put in. */
final class SchemaScript {

    static final String TABLE_PLACEHOLDER = "${table}";

    private SchemaScript() {
    }

    /** The script as shipped, with {@value #TABLE_PLACEHOLDER} replaced by the table's (validated) name. */
    static String text(JdbcDialect dialect, ClientTable table) {
        return text(dialect.schemaResource(), table.name());
    }

    /** A shipped script {@code resource} (next to this class) with {@value #TABLE_PLACEHOLDER} replaced by {@code table}. */
    static String text(String resource, String table) {
        try (InputStream in = SchemaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(TABLE_PLACEHOLDER, table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + resource, e);
        }
    }

    /** The script's statements: comment lines dropped, split at each {@code ;} that ends a line. */
    static List<String> statements(JdbcDialect dialect, ClientTable table) {
        return statementsOf(text(dialect, table));
    }

    /** The statements of a script's text, split as {@link #statements(JdbcDialect, ClientTable)} does. */
    static List<String> statementsOf(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                statements.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.isEmpty()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
