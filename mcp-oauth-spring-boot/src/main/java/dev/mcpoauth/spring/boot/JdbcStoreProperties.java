package dev.mcpoauth.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code mcp.oauth.store.jdbc.*}: the JDBC store on the application's {@code DataSource}. */
@ConfigurationProperties(prefix = "mcp.oauth.store.jdbc")
public class JdbcStoreProperties {

    /** Create the clients table and its index at start-up when they do not exist. */
    private boolean createSchema;

    /** Name of the clients table. */
    private String tableName = "mcp_oauth_client";

    public boolean isCreateSchema() {
        return createSchema;
    }

    public void setCreateSchema(boolean createSchema) {
        this.createSchema = createSchema;
    }

    public String getTableName() {
        return tableName;
    }

    public void setTableName(String tableName) {
        this.tableName = tableName;
    }
}
