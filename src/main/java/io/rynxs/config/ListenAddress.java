package io.rynxs.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The one rule for "this listen address is loopback", used by start-up validation and by the API server itself. */
public final class ListenAddress {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    private ListenAddress() {}

    /**
     * {@code localhost}, an IPv4 literal in 127.0.0.0/8, or an IPv6 literal for ::1, decided from the text alone:
     * a host name is never looked up, so a name that resolves to loopback today cannot open the API tomorrow.
     */
    public static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (a.equals("localhost")) {
            return true;
        }
        if (IPV4.matcher(a).matches()) {
            return a.startsWith("127.");
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!IPV6.matcher(a).matches()) {
            return false;
        }
        try {
            // Only hex digits, ':' and '.': the JDK parses this as an IPv6 literal and never resolves it.
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
