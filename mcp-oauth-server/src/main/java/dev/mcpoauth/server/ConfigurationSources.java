package dev.mcpoauth.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The raw text of every key and where it was set: the defaults, an optional properties file
 * ({@code --config FILE}), {@code MCP_OAUTH_*} environment variables and {@code --key=value}
 * arguments, later winning, with {@code ${NAME}} / {@code ${NAME:-default}} expanded from the
 * environment. Refuses unknown keys and malformed arguments; judges no value.
 */
final class ConfigurationSources {

    private final Map<String, String> environment;
    private final Map<ConfigurationKey, String> raw = new EnumMap<>(ConfigurationKey.class);
    private final Map<ConfigurationKey, String> origin = new EnumMap<>(ConfigurationKey.class);
    private final Set<String> referencedVariables = new HashSet<>();

    private ConfigurationSources(Map<String, String> environment) {
        this.environment = environment;
        for (ConfigurationKey key : ConfigurationKey.values()) {
            key.defaultValue().ifPresent(value -> set(key, value, "default"));
        }
    }

    /**
     * Reads every source.
     *
     * @throws InvalidConfigurationException naming the argument, file, variable or key at fault
     */
    static ConfigurationSources read(List<String> arguments, Map<String, String> environment) {
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(environment, "environment");
        ConfigurationSources sources = new ConfigurationSources(environment);
        Map<ConfigurationKey, String> fromArguments = new EnumMap<>(ConfigurationKey.class);
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--config")) {
                if (i + 1 >= arguments.size()) {
                    throw new InvalidConfigurationException("Invalid arguments: --config needs a file name");
                }
                file = Optional.of(Path.of(arguments.get(++i)));
            } else if (argument.startsWith("--config=")) {
                file = Optional.of(Path.of(argument.substring("--config=".length())));
            } else if (argument.startsWith("--") && argument.indexOf('=') > 2) {
                String name = argument.substring(2, argument.indexOf('='));
                ConfigurationKey key = ConfigurationKey.byKey(name).orElseThrow(() ->
                        new InvalidConfigurationException("Unknown configuration key '" + name
                                + "' in argument --" + name + "=…"));
                fromArguments.put(key, argument.substring(argument.indexOf('=') + 1));
            } else if (argument.startsWith("--")) {
                String name = argument.indexOf('=') < 0 ? argument : argument.substring(0, argument.indexOf('='));
                throw new InvalidConfigurationException("Invalid argument " + name
                        + ": write --key=value or --config FILE");
            } else {
                throw new InvalidConfigurationException("Invalid argument #" + (i + 1)
                        + ": expected --key=value or --config FILE");
            }
        }
        file.ifPresent(sources::readFile);
        sources.readEnvironment();
        fromArguments.forEach((key, value) -> sources.set(key, value, "argument --" + key.key()));
        sources.expandAll();
        return sources;
    }

    /** The expanded text of the key, or empty when it has neither a default nor a value. */
    Optional<String> value(ConfigurationKey key) {
        return Optional.ofNullable(raw.get(key));
    }

    /**
     * An exception naming the key, its value (unless the key is {@linkplain ConfigurationKey#sensitive()
     * sensitive}), where it was set and what the key expects.
     *
     * @param problem what is wrong, in the server's words (never holding a sensitive value)
     */
    InvalidConfigurationException invalid(ConfigurationKey key, String problem) {
        String value = raw.get(key);
        String shown = key.sensitive() || value == null ? "" : " = '" + value + "'";
        String from = origin.containsKey(key) ? " (from " + origin.get(key) + ")" : "";
        return new InvalidConfigurationException("Invalid configuration: " + key.key() + shown + from + ": "
                + problem + ". Expected: " + key.description());
    }

    /**
     * As {@link #invalid}, for a value a builder refused: its message says what is wrong. For a
     * sensitive key every part of the value is masked in that message, should it repeat one.
     */
    InvalidConfigurationException refused(ConfigurationKey key, RuntimeException refusal) {
        String problem = refusal.getMessage() == null ? refusal.getClass().getSimpleName() : refusal.getMessage();
        return invalid(key, key.sensitive() ? masked(problem, raw.get(key)) : problem);
    }

    private static String masked(String problem, String value) {
        if (value == null || value.isBlank()) {
            return problem;
        }
        String text = problem.replace(value, "****").replace(value.trim(), "****");
        for (String part : value.split("[\\s,]+")) {
            if (part.length() >= 4) {
                text = text.replace(part, "****");
            }
        }
        return text;
    }

    private void set(ConfigurationKey key, String value, String from) {
        raw.put(key, value);
        origin.put(key, from);
    }

    private void readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("Cannot read config file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            ConfigurationKey key = ConfigurationKey.byKey(name).orElseThrow(() ->
                    new InvalidConfigurationException("Unknown configuration key '" + name
                            + "' in config file " + file));
            set(key, properties.getProperty(name), "config file " + file);
        }
    }

    private void readEnvironment() {
        for (ConfigurationKey key : ConfigurationKey.values()) {
            String value = environment.get(key.environmentName());
            if (value != null) {
                set(key, value, "environment variable " + key.environmentName());
            }
        }
    }

    private void expandAll() {
        for (ConfigurationKey key : ConfigurationKey.values()) {
            String value = raw.get(key);
            if (value != null) {
                raw.put(key, expand(key, value));
            }
        }
        Set<String> known = new HashSet<>();
        for (ConfigurationKey key : ConfigurationKey.values()) {
            known.add(key.environmentName());
        }
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith(ConfigurationKey.ENVIRONMENT_PREFIX) && !known.contains(name)
                    && !name.startsWith(ConfigurationKey.TEST_ENVIRONMENT_PREFIX)
                    && !referencedVariables.contains(name)) {
                throw new InvalidConfigurationException("Unknown configuration key in environment variable "
                        + name + ": no key maps to it (variables only referenced as ${...} may use any name)");
            }
        }
    }

    private String expand(ConfigurationKey key, String value) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (value.startsWith("${", i)) {
                int end = value.indexOf('}', i + 2);
                if (end < 0) {
                    throw invalid(key, "has '${' without a closing '}' (write $${ for a literal ${)");
                }
                String expression = value.substring(i + 2, end);
                int separator = expression.indexOf(":-");
                String name = separator < 0 ? expression : expression.substring(0, separator);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw invalid(key, "has a ${...} reference that is not an environment variable name");
                }
                referencedVariables.add(name);
                String resolved = environment.get(name);
                if (resolved == null || (resolved.isEmpty() && separator >= 0)) {
                    if (separator < 0) {
                        throw invalid(key, "refers to ${" + name + "}, which is not set");
                    }
                    resolved = expression.substring(separator + 2);
                }
                out.append(resolved);
                i = end + 1;
            } else {
                out.append(value.charAt(i++));
            }
        }
        return out.toString();
    }
}
