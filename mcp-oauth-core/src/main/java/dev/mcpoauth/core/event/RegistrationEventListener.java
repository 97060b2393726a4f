package dev.mcpoauth.core.event;

/**
 * Receives the registry's {@link RegistrationEvent events}. The port for metrics, audit logs and
 * alerts; several listeners may be registered with a service.
 *
 * <p>Called synchronously on the request's thread, after the outcome is decided and before the
 * answer is sent, so a listener should be quick (hand slow work to a queue). A listener that
 * throws is logged and ignored: it never changes or fails the request. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface RegistrationEventListener {

    /** Called once per event. */
    void onEvent(RegistrationEvent event);
}
