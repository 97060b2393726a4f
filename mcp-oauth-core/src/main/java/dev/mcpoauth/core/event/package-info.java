/**
 * Events of the registry's use cases (DESIGN §11), published to every
 * {@link dev.mcpoauth.core.event.RegistrationEventListener} the services were given: for metrics,
 * audit logs and alerts. An event carries who (client id, name, software id and version, the
 * caller key where known), what and when — never a secret, token, hash or request body.
 */
package dev.mcpoauth.core.event;
