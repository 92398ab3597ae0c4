package dev.postcard.delivery;

import dev.postcard.net.CidrBlock;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A special-purpose network, the reason it is refused, and whether it is one an operator may run receivers
 * on ({@link AddressPolicy#allowsPrivateNetworks()} lifts those).
 */
record AddressBlock(CidrBlock block, String reason, boolean privateNetwork) {

    /** {@code cidr} is a literal such as {@code 10.0.0.0/8}; it is never looked up. */
    static AddressBlock of(String cidr, String reason, boolean privateNetwork) {
        int slash = cidr.indexOf('/');
        try {
            InetAddress network = InetAddress.getByName(cidr.substring(0, slash));
            return new AddressBlock(new CidrBlock(network, Integer.parseInt(cidr.substring(slash + 1))), reason,
                    privateNetwork);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    boolean contains(byte[] address) {
        return block.contains(address);
    }
}
