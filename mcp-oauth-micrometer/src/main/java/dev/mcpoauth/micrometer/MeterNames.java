package dev.mcpoauth.micrometer;

/** The names of the meters and of their tags, in one place. */
public final class MeterNames {

    /** Counter of registration attempts; tags {@code outcome}, {@code error}. */
    public static final String REGISTRATIONS = "mcp.oauth.registrations";
    /** Counter of client configuration requests (RFC 7592); tags {@code operation}, {@code outcome}. */
    public static final String MANAGEMENT = "mcp.oauth.management";
    /** Counter of Client ID Metadata Document resolutions; tags {@code outcome}, {@code cache}. */
    public static final String CIMD_RESOLUTIONS = "mcp.oauth.cimd.resolutions";
    /** Counter of clients deleted by reaping. */
    public static final String CLIENTS_REAPED = "mcp.oauth.clients.reaped";
    /** Timer of store operations; tags {@code store}, {@code operation}, {@code outcome}. */
    public static final String STORE = "mcp.oauth.store";
    /** Gauge of stored clients, counted in the background. */
    public static final String CLIENTS = "mcp.oauth.clients";

    static final String OUTCOME = "outcome";
    static final String ERROR = "error";
    static final String OPERATION = "operation";
    static final String CACHE = "cache";
    static final String STORE_TAG = "store";
    static final String NONE = "none";

    private MeterNames() {
    }
}
