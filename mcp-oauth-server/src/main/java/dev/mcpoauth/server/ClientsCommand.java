package dev.mcpoauth.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registration.ClientReaper;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientSort;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar mcp-oauth-server.jar clients <command> [options] [configuration]} (DESIGN §12):
 * operates on the configured store directly, with the server's configuration sources
 * ({@code --config FILE}, {@code MCP_OAUTH_*}, {@code --key=value}).
 *
 * <pre>
 *   clients list  [--name-prefix=P] [--software-id=S] [--created-from=T] [--created-before=T]
 *                 [--active-from=T] [--active-before=T] [--sort=created|last_activity] [--desc]
 *                 [--limit=N] [--cursor=C] [--all]
 *   clients show ID
 *   clients delete ID
 *   clients count
 *   clients reap --unused-for=90d
 * </pre>
 *
 * <p>Readable tables by default, {@code --json} for scripts. Exit status: {@value #OK} done,
 * {@value #STORE_FAILED} the store failed, {@value #USAGE} bad command line or configuration,
 * {@value #NOT_FOUND} no such client.
 */
final class ClientsCommand {

    static final int OK = 0;
    static final int STORE_FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;

    static final String USAGE_TEXT = String.join("\n",
            "usage: clients list [--name-prefix=P] [--software-id=S] [--created-from=T] [--created-before=T]",
            "                    [--active-from=T] [--active-before=T] [--sort=created|last_activity] [--desc]",
            "                    [--limit=N] [--cursor=C] [--all] [--json]",
            "       clients show ID [--json]",
            "       clients delete ID [--json]",
            "       clients count [--json]",
            "       clients reap --unused-for=90d [--json]",
            "plus the server's configuration: --config FILE, MCP_OAUTH_* variables, --key=value",
            "exit status: 0 done, 1 store failed, 2 usage or configuration error, 3 no such client");

    private static final List<String> LIST_OPTIONS = List.of("name-prefix", "software-id", "created-from",
            "created-before", "active-from", "active-before", "sort", "limit", "cursor");
    private static final int NAME_WIDTH = 32;

    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ClientsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code arguments} (everything after {@code clients}) and returns the exit status. */
    int run(List<String> arguments, Map<String, String> environment) {
        Parsed parsed;
        ServerConfiguration config;
        try {
            parsed = Parsed.of(arguments);
            config = ServerConfiguration.load(parsed.configuration(), environment);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try (StoreBackend store = StoreBackend.open(config)) {
            ClientAdministration administration = new ClientAdministration(store.registry(), List.of(),
                    Clock.systemUTC());
            return execute(parsed, administration);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (ClientRegistryException e) {
            err.println("the store failed: " + McpOAuthServer.safeCauses(e, config));
            return STORE_FAILED;
        } catch (Exception e) {
            err.println("cannot open the store: " + McpOAuthServer.safeCauses(e, config));
            return STORE_FAILED;
        }
    }

    private int execute(Parsed parsed, ClientAdministration administration) throws JsonProcessingException {
        switch (parsed.command()) {
            case "list":
                return list(parsed, administration);
            case "show": {
                Optional<RegisteredClient> client = administration.find(parsed.id());
                if (client.isEmpty()) {
                    return notFound(parsed);
                }
                if (parsed.json()) {
                    out.println(json.writeValueAsString(ClientViews.of(client.get())));
                } else {
                    ClientViews.of(client.get()).forEach((k, v) -> out.printf("%-30s %s%n", k, printable(String.valueOf(v))));
                }
                return OK;
            }
            case "delete": {
                if (administration.delete(parsed.id()).isEmpty()) {
                    return notFound(parsed);
                }
                out.println(parsed.json() ? json.writeValueAsString(Map.of("deleted", parsed.id()))
                        : "deleted " + printable(parsed.id()));
                return OK;
            }
            case "count": {
                long count = administration.count();
                out.println(parsed.json() ? json.writeValueAsString(Map.of("count", count)) : Long.toString(count));
                return OK;
            }
            case "reap": {
                String unusedFor = parsed.option("unused-for")
                        .orElseThrow(() -> new IllegalArgumentException("reap needs --unused-for, such as --unused-for=90d"));
                ClientReaper.Reaping reaped = administration.reap(Durations.parse(unusedFor));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("reaped", reaped.count());
                body.put("cutoff", reaped.cutoff().toString());
                body.put("complete", reaped.complete());
                out.println(parsed.json() ? json.writeValueAsString(body)
                        : "reaped " + reaped.count() + " clients unused since " + reaped.cutoff()
                                + (reaped.complete() ? "" : "; more are left, run it again"));
                return OK;
            }
            default:
                throw new IllegalArgumentException("unknown command: " + printable(parsed.command()));
        }
    }

    private int notFound(Parsed parsed) throws JsonProcessingException {
        if (parsed.json()) {
            out.println(json.writeValueAsString(Map.of("error", "not_found", "client_id", parsed.id())));
        }
        err.println("no such client: " + printable(parsed.id()));
        return NOT_FOUND;
    }

    private int list(Parsed parsed, ClientAdministration administration) throws JsonProcessingException {
        ClientQuery.Builder query = ClientQuery.builder()
                .sort(parsed.option("sort").map(AdminServlet::sort).orElse(ClientSort.CREATED), parsed.flag("desc"))
                .clientNamePrefix(parsed.option("name-prefix"))
                .softwareId(parsed.option("software-id"))
                .created(parsed.instant("created-from"), parsed.instant("created-before"))
                .lastActive(parsed.instant("active-from"), parsed.instant("active-before"))
                .cursor(parsed.option("cursor"));
        parsed.option("limit").ifPresent(limit -> query.limit(parseLimit(limit)));
        List<RegisteredClient> clients = new ArrayList<>();
        ClientPage page = administration.list(query.build());
        clients.addAll(page.clients());
        while (parsed.flag("all") && page.nextCursor().isPresent()) {
            page = administration.list(query.cursor(page.nextCursor()).build());
            clients.addAll(page.clients());
        }
        if (parsed.json()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("clients", clients.stream().map(ClientViews::of).toList());
            page.nextCursor().ifPresent(cursor -> body.put("next_cursor", cursor));
            out.println(json.writeValueAsString(body));
            return OK;
        }
        String format = "%-24s %-" + NAME_WIDTH + "s %-20s %-24s %-24s%n";
        out.printf(format, "CLIENT_ID", "CLIENT_NAME", "SOFTWARE_ID", "CREATED_AT", "LAST_ACTIVITY");
        for (RegisteredClient client : clients) {
            out.printf(format, printable(client.clientId()),
                    cell(client.metadata().clientName().orElse("-"), NAME_WIDTH),
                    cell(client.metadata().softwareId().orElse("-"), 20),
                    client.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    ClientSort.LAST_ACTIVITY.keyOf(client).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        out.println(clients.size() + (clients.size() == 1 ? " client" : " clients"));
        page.nextCursor().ifPresent(cursor -> out.println("more: --cursor=" + cursor));
        return OK;
    }

    private static int parseLimit(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--limit must be a whole number");
        }
    }

    private static String cell(String value, int width) {
        String text = printable(value);
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    /** A value with control characters escaped, so a client's name cannot rewrite the terminal. */
    static String printable(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x202E) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** The command line split into the command, its own options, and the server configuration. */
    private record Parsed(String command, List<String> positional, Map<String, String> options,
            List<String> configuration) {

        static Parsed of(List<String> arguments) {
            if (arguments.isEmpty()) {
                throw new IllegalArgumentException("a command is required");
            }
            String command = arguments.get(0);
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            List<String> configuration = new ArrayList<>();
            for (int i = 1; i < arguments.size(); i++) {
                String argument = arguments.get(i);
                String name = argument.startsWith("--") ? argument.substring(2).split("=", 2)[0] : "";
                if (argument.equals("--config") && i + 1 < arguments.size()) {
                    configuration.add(argument);
                    configuration.add(arguments.get(++i));
                } else if (name.equals("json") || name.equals("desc") || name.equals("all")) {
                    options.put(name, "true");
                } else if (LIST_OPTIONS.contains(name) || name.equals("unused-for")) {
                    if (!argument.contains("=")) {
                        throw new IllegalArgumentException("--" + name + " needs a value: --" + name + "=...");
                    }
                    options.put(name, argument.substring(argument.indexOf('=') + 1));
                } else if (argument.startsWith("--")) {
                    configuration.add(argument);
                } else {
                    positional.add(argument);
                }
            }
            int expected = command.equals("show") || command.equals("delete") ? 1 : 0;
            if (positional.size() != expected) {
                throw new IllegalArgumentException(expected == 1 ? command + " needs one client id"
                        : command + " takes no positional argument");
            }
            return new Parsed(command, positional, options, configuration);
        }

        String id() {
            return positional.get(0);
        }

        boolean json() {
            return flag("json");
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }

        Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name)).filter(v -> !v.isEmpty());
        }

        Optional<Instant> instant(String name) {
            return option(name).map(value -> {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--" + name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
                }
            });
        }
    }
}
