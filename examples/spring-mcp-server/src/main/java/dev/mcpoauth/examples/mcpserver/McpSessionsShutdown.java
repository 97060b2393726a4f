package dev.mcpoauth.examples.mcpserver;

import io.modelcontextprotocol.server.McpSyncServer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Closes the MCP sessions when the application stops, before the web server's graceful shutdown.
 * Streamable HTTP keeps each client's event stream open as a request; left open, those requests hold
 * Boot's graceful shutdown for its whole timeout (30 s) and end with "aborted". Closing the sessions
 * first ends the streams, so SIGTERM stops the server at once and cleanly.
 */
@Component
class McpSessionsShutdown implements SmartLifecycle {

    private final McpSyncServer server;
    private volatile boolean running;

    McpSessionsShutdown(McpSyncServer server) {
        this.server = server;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        server.closeGracefully();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before {@code webServerGracefulShutdown} (a lower phase stops later). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
