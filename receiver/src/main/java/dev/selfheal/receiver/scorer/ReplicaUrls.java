package dev.selfheal.receiver.scorer;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Scorer base URLs: checked when configured, and shown without any user info in logs and metrics. */
public final class ReplicaUrls {

    private ReplicaUrls() {
    }

    /** The URLs of a comma-separated list, each checked; an empty item is an error (a stray comma). */
    public static List<String> parseList(String name, List<String> items) {
        List<String> urls = new ArrayList<>();
        for (String item : items) {
            urls.add(parse(name, item));
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(name + " names no scorer URL");
        }
        return List.copyOf(urls);
    }

    /** One base URL: http or https, a host, no query or fragment; a trailing slash is dropped. */
    public static String parse(String name, String value) {
        String v = value.strip();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + ": not a URL: " + display(v));
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + ": a scorer URL is http(s)://host[:port], not " + display(v));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(name + ": a scorer base URL has no query or fragment: " + display(v));
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    /** The URL of a replica found by DNS: {@code http://10.1.2.3:8081}, {@code http://[fd00::3]:8081}. */
    public static String of(InetAddress address, int port) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return "http://" + host + ":" + port;
    }

    /** The URL without user info (a password in a URL never reaches a log line or a metric label). */
    public static String display(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int path = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme < 0 || at < 0 || (path >= 0 && at > path)) {
            return url;
        }
        return url.substring(0, scheme + 3) + url.substring(at + 1);
    }
}
