package io.twingraph.twins.ditto.live;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.ditto.rql.parser.RqlPredicateParser;

import io.twingraph.error.TwinGraphException;

/**
 * How TwinGraph follows a live Eclipse Ditto: where it is, how to authenticate, which things to mirror, how fast to
 * give up and how commands go back.
 *
 * @param baseUri        Ditto's HTTP root, {@code http(s)://host[:port][/base]}; the API is below it at {@code /api/2}
 * @param auth           credentials sent with every request
 * @param namespaces     only things in these namespaces (empty: all the user may read)
 * @param filter         an RQL filter on the things (null: none), applied to the search and the change stream
 * @param pageSize       things per search page (1..200, Ditto's maximum)
 * @param timing         time limits, backoff and the circuit breaker
 * @param commandMode    how device commands reach Ditto
 * @param messageSubject the live message subject in {@link CommandMode#MESSAGE} mode
 * @param trustStore     a trust store (PKCS12 or JKS) for Ditto's TLS certificate; null: the JVM's default
 * @param trustStorePassword its password; may be null
 */
public record DittoSettings(URI baseUri, Auth auth, List<String> namespaces, String filter, int pageSize,
                            Timing timing, CommandMode commandMode, String messageSubject, Path trustStore,
                            String trustStorePassword) {

    /** Ditto's largest search page. */
    public static final int MAX_PAGE_SIZE = 200;
    public static final String DEFAULT_MESSAGE_SUBJECT = "setProperty";

    /** How commands decided by rules, the planner or language reach a device through Ditto. */
    public enum CommandMode {
        /** {@code PUT} on the twin's feature property: Ditto changes the twin, its connections carry it to the device. */
        TWIN,
        /** {@code PUT ...?channel=live}: a live command to the device; Ditto answers with the device's response. */
        LIVE,
        /**
         * {@code POST .../features/{id}/inbox/messages/{subject}} with {@code {"path": ..., "value": ...}}: a live
         * message the device answers.
         */
        MESSAGE
    }

    /**
     * Credentials: none, HTTP basic, or a bearer token (JWT). Never printed.
     */
    public record Auth(String username, String password, String token) {
        public static final Auth NONE = new Auth(null, null, null);

        public Auth {
            if (token != null && username != null) {
                throw new IllegalArgumentException("Ditto credentials are a user and password or a token, not both");
            }
            if (username == null && password != null) {
                throw new IllegalArgumentException("a Ditto password needs a user");
            }
        }

        public static Auth basic(String username, String password) {
            return new Auth(Objects.requireNonNull(username, "username"), password == null ? "" : password, null);
        }

        public static Auth bearer(String token) {
            return new Auth(null, null, Objects.requireNonNull(token, "token"));
        }

        /** The {@code Authorization} header value, if any. */
        public Optional<String> header() {
            if (token != null) {
                return Optional.of("Bearer " + token);
            }
            if (username != null) {
                return Optional.of("Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            return Optional.empty();
        }

        /** What kind of credentials, for logs and /health: none, basic (user), bearer. */
        public String describe() {
            return token != null ? "bearer" : username != null ? "basic (" + username + ")" : "none";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Time limits and recovery.
     *
     * @param requestTimeout  longest wait for an answer to a request (search page, thing, stream headers)
     * @param idleTimeout     a change stream silent this long is taken for dead and reopened (Ditto sends a heartbeat
     *                        every second)
     * @param initialBackoff  first wait before reconnecting; doubles per failed attempt, with jitter
     * @param maxBackoff      longest wait between reconnects
     * @param commandTimeout  how long Ditto may take to answer a command (its {@code timeout} parameter)
     * @param breakerOpenFor  how long the circuit breaker stays open before it lets a trial call through
     * @param breakerWindow   how many recent calls the breaker judges by (it opens at half of them failed, once at
     *                        least half the window was called)
     */
    public record Timing(Duration requestTimeout, Duration idleTimeout, Duration initialBackoff, Duration maxBackoff,
                         Duration commandTimeout, Duration breakerOpenFor, int breakerWindow) {
        public static final Timing DEFAULTS = new Timing(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 10);

        public Timing {
            for (Duration d : List.of(requestTimeout, idleTimeout, initialBackoff, maxBackoff, commandTimeout,
                    breakerOpenFor)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("Ditto time limits must be positive: " + d);
                }
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
            }
            if (breakerWindow < 2) {
                throw new IllegalArgumentException("breakerWindow must be at least 2, got " + breakerWindow);
            }
        }
    }

    public DittoSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(commandMode, "commandMode");
        namespaces = List.copyOf(namespaces);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw invalid("The Ditto search page size must be 1.." + MAX_PAGE_SIZE + ", got " + pageSize + ".");
        }
        if (filter != null) {
            filter = filter.isBlank() ? null : filter.strip();
        }
        if (filter != null) {
            checkRql(filter);
        }
        if (messageSubject == null || messageSubject.isBlank()) {
            messageSubject = DEFAULT_MESSAGE_SUBJECT;
        }
    }

    /**
     * Settings for the Ditto at {@code ditto:http(s)://host[:port][/base]} (the {@code ditto:} prefix is optional),
     * with no credentials and the defaults.
     *
     * @throws TwinGraphException {@code ditto:config.invalid} for anything else, or for credentials in the URL
     */
    public static DittoSettings parse(String spec) {
        String text = Objects.requireNonNull(spec, "spec").strip();
        if (text.toLowerCase(Locale.ROOT).startsWith("ditto:")) {
            text = text.substring("ditto:".length());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("'" + spec + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid("Ditto's address must look like ditto:https://host[:port][/base], got '" + spec + "'.");
        }
        if (uri.getRawUserInfo() != null) {
            // a secret in a URL ends up in shell history, process lists and logs
            throw invalid("Put Ditto credentials in --ditto-user/--ditto-password or TWINGRAPH_DITTO_TOKEN, not in the URL.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("Ditto's address takes no query or fragment: '" + spec + "'.");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/api/2")) {
            path = path.substring(0, path.length() - "/api/2".length());
        }
        URI base = URI.create(scheme + "://" + uri.getRawAuthority() + path);
        return new DittoSettings(base, Auth.NONE, List.of(), null, MAX_PAGE_SIZE, Timing.DEFAULTS, CommandMode.TWIN,
                DEFAULT_MESSAGE_SUBJECT, null, null);
    }

    /** The HTTP API's root, {@code <base>/api/2}, without a trailing slash. */
    public String apiRoot() {
        return baseUri + "/api/2";
    }

    public DittoSettings withAuth(Auth a) {
        return new DittoSettings(baseUri, a, namespaces, filter, pageSize, timing, commandMode, messageSubject,
                trustStore, trustStorePassword);
    }

    public DittoSettings withNamespaces(List<String> ns) {
        return new DittoSettings(baseUri, auth, ns, filter, pageSize, timing, commandMode, messageSubject, trustStore,
                trustStorePassword);
    }

    public DittoSettings withFilter(String rql) {
        return new DittoSettings(baseUri, auth, namespaces, rql, pageSize, timing, commandMode, messageSubject,
                trustStore, trustStorePassword);
    }

    public DittoSettings withPageSize(int size) {
        return new DittoSettings(baseUri, auth, namespaces, filter, size, timing, commandMode, messageSubject,
                trustStore, trustStorePassword);
    }

    public DittoSettings withTiming(Timing t) {
        return new DittoSettings(baseUri, auth, namespaces, filter, pageSize, t, commandMode, messageSubject,
                trustStore, trustStorePassword);
    }

    public DittoSettings withCommandMode(CommandMode mode) {
        return new DittoSettings(baseUri, auth, namespaces, filter, pageSize, timing, mode, messageSubject, trustStore,
                trustStorePassword);
    }

    public DittoSettings withMessageSubject(String subject) {
        return new DittoSettings(baseUri, auth, namespaces, filter, pageSize, timing, commandMode, subject, trustStore,
                trustStorePassword);
    }

    public DittoSettings withTrustStore(Path store, String password) {
        return new DittoSettings(baseUri, auth, namespaces, filter, pageSize, timing, commandMode, messageSubject, store,
                password);
    }

    /** Without secrets. */
    @Override
    public String toString() {
        return "DittoSettings[" + baseUri + ", auth " + auth.describe() + ", namespaces " + namespaces + ", filter "
                + filter + ", page " + pageSize + ", commands " + commandMode + (trustStore == null ? "" :
                ", trust store " + trustStore) + "]";
    }

    private static void checkRql(String rql) {
        try {
            RqlPredicateParser.getInstance().parse(rql);
        } catch (RuntimeException e) {
            throw invalid("The Ditto filter '" + rql + "' is not RQL: " + e.getMessage());
        }
    }

    private static TwinGraphException invalid(String message) {
        return new TwinGraphException("ditto:config.invalid", TwinGraphException.Kind.INVALID, message,
                "See https://eclipse.dev/ditto/basic-rql.html and the --twins ditto: option.");
    }
}
