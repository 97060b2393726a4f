package dev.mcpoauth.core.internal;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** Redirect URI matching at the authorization endpoint (RFC 8252 §7.3, RFC 9700 §4.1.1). */
public final class RedirectUriMatching {

    private RedirectUriMatching() {
    }

    /**
     * Exact string match; or, for a registered loopback URI, same scheme, host, path and query
     * with any port.
     */
    public static boolean matches(String registered, String presented) {
        if (registered.equals(presented)) {
            return true;
        }
        Optional<URI> reg = RedirectUris.parseAbsolute(registered);
        if (reg.isEmpty() || !RedirectUris.isLoopback(reg.get()) || !RedirectUris.scheme(reg.get()).equals("http")) {
            return false;
        }
        Optional<URI> pre = RedirectUris.parseAbsolute(presented);
        if (pre.isEmpty()) {
            return false;
        }
        URI r = reg.get();
        URI p = pre.get();
        return RedirectUris.scheme(p).equals("http")
                && p.getRawUserInfo() == null
                && p.getRawFragment() == null
                && presented.indexOf('#') < 0
                && r.getHost().equalsIgnoreCase(Objects.requireNonNullElse(p.getHost(), ""))
                && Objects.equals(r.getRawPath(), p.getRawPath())
                && Objects.equals(r.getRawQuery(), p.getRawQuery());
    }
}
