package dev.mcpoauth.server;

/**
 * The configuration cannot start a server. The message names the key (or argument, file or
 * environment variable) at fault and never repeats a sensitive value.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidConfigurationException(String message) {
        super(message);
    }
}
