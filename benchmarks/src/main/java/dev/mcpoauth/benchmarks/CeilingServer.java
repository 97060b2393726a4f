package dev.mcpoauth.benchmarks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP ceiling for the load test: the same Jetty 12 as the server, answering
 * {@code POST /register} with a fixed {@code 201} JSON body of the size ours has, after reading
 * the request body. Whatever our server reaches is reported as a share of this.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.mcpoauth.benchmarks.CeilingServer PORT}
 */
public final class CeilingServer {

    static final byte[] FIXED_RESPONSE = ("{\"client_id\":\"3q2-7wEjbUeR1HJo0JcpZA\",\"client_id_issued_at\":1795000000,"
            + "\"registration_access_token\":\"lM0Z5YqkW2fNf9kKf3d2x2r5xZp0v7mQz8m3b1a4c6E\","
            + "\"registration_client_uri\":\"http://127.0.0.1:8080/register/3q2-7wEjbUeR1HJo0JcpZA\","
            + "\"redirect_uris\":[\"http://localhost:42165/oauth/callback\"],\"token_endpoint_auth_method\":\"none\","
            + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
            + "\"application_type\":\"native\",\"client_name\":\"MCP CLI Proxy\","
            + "\"client_uri\":\"https://github.com/modelcontextprotocol/mcp-cli\",\"scope\":\"openid email profile\","
            + "\"software_id\":\"2e6dc280-f3c3-4e01-99a7-8181dbd1d23d\",\"software_version\":\"0.15.1\"}")
            .getBytes(StandardCharsets.UTF_8);

    private CeilingServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new FixedResponseServlet()), "/register");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();
        server.join();
    }

    static final class FixedResponseServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            response.setStatus(201);
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Pragma", "no-cache");
            response.setContentLength(FIXED_RESPONSE.length);
            response.getOutputStream().write(FIXED_RESPONSE);
        }
    }
}
