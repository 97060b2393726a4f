package dev.mcpoauth.core.cimd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Outbound port: turns a host name into addresses, once per fetch. Every address it returns is
 * checked by {@link SpecialPurposeAddresses} before any connection, and the fetcher connects only
 * to those checked addresses; a resolver that answers differently on a second call (DNS
 * rebinding) therefore cannot re-target the connection.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * All addresses of {@code host}.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK's resolver ({@link InetAddress#getAllByName}). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
