/**
 * Micrometer meters for mcp-oauth (DESIGN §11): {@link dev.mcpoauth.micrometer.MicrometerEventListener}
 * counts registrations, management requests, CIMD resolutions and reaping from the core's events;
 * {@link dev.mcpoauth.micrometer.MeteredClientRegistry} times every store operation;
 * {@link dev.mcpoauth.micrometer.ClientCountGauge} keeps a gauge of the stored clients, counted
 * in the background. Every tag has a small, fixed set of values: no client id, name or address.
 */
package dev.mcpoauth.micrometer;
