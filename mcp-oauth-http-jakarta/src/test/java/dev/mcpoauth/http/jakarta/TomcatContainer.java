package dev.mcpoauth.http.jakarta;

import jakarta.servlet.Servlet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11, registering the servlets as a host application would. */
final class TomcatContainer implements ServletContainer {

    private Tomcat tomcat;
    private Path baseDir;

    @Override
    public URI start(Map<String, Servlet> servletsByMapping) throws Exception {
        baseDir = Files.createTempDirectory("mcp-oauth-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        int i = 0;
        for (Map.Entry<String, Servlet> entry : servletsByMapping.entrySet()) {
            String name = "servlet-" + i++;
            Tomcat.addServlet(context, name, entry.getValue());
            context.addServletMapping(entry.getKey(), name);
        }
        tomcat.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public String name() {
        return "Tomcat 11";
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (baseDir != null) {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
