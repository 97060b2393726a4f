/**
 * The Jakarta Servlet 6 binding: {@link dev.mcpoauth.http.jakarta.ClientRegistrationServlet}
 * (RFC 7591 registration and RFC 7592 management) and
 * {@link dev.mcpoauth.http.jakarta.AuthorizationServerMetadataServlet} (RFC 8414), configured with
 * {@link dev.mcpoauth.http.jakarta.HttpBindingOptions}. No container-specific code: register the
 * servlets programmatically in any Servlet 6 host.
 */
package dev.mcpoauth.http.jakarta;
