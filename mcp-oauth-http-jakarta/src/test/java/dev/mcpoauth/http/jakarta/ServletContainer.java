package dev.mcpoauth.http.jakarta;

import jakarta.servlet.Servlet;
import java.net.URI;
import java.util.Map;

/** An embedded servlet container listening on a random loopback port; {@link #close()} stops it. */
interface ServletContainer {

    /** Starts the container with each servlet at its mapping, in the root context; returns its base URI. */
    URI start(Map<String, Servlet> servletsByMapping) throws Exception;

    /** A short name for test reports. */
    String name();

    /** Stops the container and removes what it wrote. */
    void close() throws Exception;
}
