package io.twingraph.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.RouteInfo;

/**
 * Every role on every route, generated from the server's own route table: no token gets 401, a role without the
 * right gets 403, a role with it gets past the gate (whatever the handler then says about the empty request). The
 * table itself must equal the reviewed one in {@code route-roles.txt}, so a new route, or a changed role, fails the
 * build until someone has looked at who may call it.
 */
class SecurityMatrixTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Callers: no token, then one token per role. */
    private static final List<String> CALLERS = List.of("none", "reader", "operator", "author", "planner", "admin");

    @TempDir
    static Path dir;
    static TwinGraphApp app;
    static final Map<String, String> TOKENS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        app = TwinGraphApp.start(AppConfig.defaults(dir.resolve("data")).withPorts(0, 0)
                .withAccess(AccessSettings.DEFAULTS.withRateLimit(100_000)), Clock.systemUTC());
        TokenStore store = TokenStore.open(dir.resolve("data"));
        for (String caller : CALLERS.subList(1, CALLERS.size())) {
            TOKENS.put(caller, store.create("matrix-" + caller, java.util.EnumSet.of(Role.of(caller)), null,
                    java.time.Instant.now()).token());
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theRouteTableIsTheReviewedOne() throws IOException {
        List<String> served = app.routes().stream().map(SecurityMatrixTest::line).sorted().toList();
        List<String> reviewed;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("route-roles.txt"))) {
            reviewed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        }
        List<String> added = new ArrayList<>(served);
        added.removeAll(reviewed);
        List<String> gone = new ArrayList<>(reviewed);
        gone.removeAll(served);
        assertThat(added).as("routes served but not in route-roles.txt (add them there once their role is right)").isEmpty();
        assertThat(gone).as("routes in route-roles.txt that are no longer served").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyCallerOnEveryRoute() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RouteInfo route : app.routes()) {
            Role needed = (Role) route.roles().iterator().next();
            for (String caller : CALLERS) {
                int expected = expectedStatus(needed, caller);
                String name = route.method() + " " + route.path() + " as " + caller + " -> "
                        + (expected == 0 ? "past the gate" : expected);
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    int status = call(route, TOKENS.get(caller));
                    if (expected == 0) {
                        assertThat(status).as(name).isNotIn(401, 403);
                    } else {
                        assertThat(status).as(name).isEqualTo(expected);
                    }
                }));
            }
        }
        return tests.stream();
    }

    /** 0 when the caller gets past the gate. */
    private static int expectedStatus(Role needed, String caller) {
        if (needed == Role.PUBLIC) {
            return 0;
        }
        if (caller.equals("none")) {
            return 401;
        }
        Principal p = new Principal(caller, java.util.EnumSet.of(Role.of(caller)), "t");
        return p.has(needed) ? 0 : 403;
    }

    private static int call(RouteInfo route, String token) throws Exception {
        String path = route.path().replaceAll("\\{[^}]+}", "x").replace("<rest>", "matrix:thing");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.httpUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        boolean body = route.method().equals("POST") || route.method().equals("PUT") || route.method().equals("PATCH");
        b.method(route.method(), body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        // the status is known once the headers arrive: event streams are not read to their (never) end
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }

    private static String line(RouteInfo r) {
        return r.method() + " " + r.path() + " " + r.roles().stream().map(x -> ((Role) x).id()).collect(Collectors.joining(","));
    }
}
