package io.twingraph.api.deploy;

import static io.twingraph.api.deploy.HelmChartTest.list;
import static io.twingraph.api.deploy.HelmChartTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The wiring of deploy/compose (compose.yaml, nginx, Mosquitto, the Ditto connection) and deploy/Dockerfile, read as
 * files: the parts must point at each other, and every image must be pinned. What only a Docker engine can show
 * (that the stack starts and carries a message end to end) is {@link DittoStackIT}.
 */
class ComposeStackTest {
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

    private final Map<String, Object> compose = map(new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(DeployFiles.read("compose/compose.yaml")));
    private final Map<String, Object> services = map(compose.get("services"));

    @Test
    void the_stack_has_dittos_services_its_database_a_broker_nginx_and_twingraph() {
        assertThat(services).containsKeys("mongodb", "policies", "things", "things-search", "connectivity", "gateway",
                "nginx", "mosquitto", "ditto-init", "twingraph");
    }

    @Test
    void every_image_is_pinned_ditto_to_3_8_mongodb_to_7_0_mosquitto_to_2() {
        services.forEach((name, s) -> {
            String image = resolved((String) map(s).get("image"));
            assertThat(image).as(name).isNotNull().doesNotEndWith(":latest").matches(".+:[^/]+");
        });
        for (String ditto : List.of("policies", "things", "things-search", "connectivity", "gateway")) {
            assertThat(resolved(image(ditto))).as(ditto)
                    .matches("docker\\.io/eclipse/ditto-" + ditto + ":3\\.8\\.\\d+");
        }
        assertThat(resolved(image("mongodb"))).matches("docker\\.io/mongo:7\\.0\\.\\d+");
        assertThat(resolved(image("mosquitto"))).matches("docker\\.io/eclipse-mosquitto:2\\.\\d+\\.\\d+");
        // one Ditto version for all five services
        assertThat(List.of("policies", "things", "things-search", "connectivity", "gateway"))
                .extracting(s -> image(s).substring(image(s).indexOf(':') + 1)).containsOnly("${DITTO_VERSION:-3.8.13}");
    }

    @Test
    void twingraph_follows_ditto_through_nginx_with_the_user_nginx_lets_in() {
        Map<String, Object> twingraph = map(services.get("twingraph"));
        List<Object> command = list(twingraph.get("command"));
        int twins = command.indexOf("--twins");
        assertThat(twins).isNotNegative();
        assertThat(command.get(twins + 1)).isEqualTo("ditto:http://nginx:80");
        // the connection's targets carry live commands (and messages) to devices, not twin changes
        assertThat(env("twingraph")).containsEntry("TWINGRAPH_DITTO_COMMANDS", "live");
        assertThat(connection().get("targets")).allSatisfy(t -> assertThat(t.get("topics").toString())
                .contains("_/_/things/live/commands").doesNotContain("twin/events"));

        String nginx = DeployFiles.read("compose/nginx/nginx.conf");
        assertThat(nginx).contains("listen 80;").contains("server gateway:8080;")
                .contains("proxy_set_header              x-ditto-pre-authenticated $nginx_auth_user;")
                .contains("\"nginx:${remote_user}\"");
        assertThat(list(map(services.get("nginx")).get("ports"))).anySatisfy(p -> assertThat((String) p).endsWith(":80"));
        assertThat(env("gateway")).containsEntry("ENABLE_PRE_AUTHENTICATION", "true");

        String user = resolved((String) env("twingraph").get("TWINGRAPH_DITTO_USER"));
        assertThat(DeployFiles.read("compose/nginx/nginx.htpasswd").lines().filter(l -> !l.startsWith("#")))
                .anySatisfy(l -> assertThat(l).startsWith(user + ":$apr1$"));
        // what the devices create through the connection is readable by that user: the connection acts as it
        JsonNode connection = connection();
        for (JsonNode source : connection.get("sources")) {
            assertThat(source.get("authorizationContext").get(0).asText()).isEqualTo("nginx:" + user);
        }
        for (JsonNode target : connection.get("targets")) {
            assertThat(target.get("authorizationContext").get(0).asText()).isEqualTo("nginx:" + user);
        }
    }

    @Test
    void dittos_connection_points_at_mosquitto_and_listens_where_devices_publish() {
        JsonNode connection = connection();
        assertThat(connection.get("connectionType").asText()).isEqualTo("mqtt-5");
        assertThat(connection.get("uri").asText()).isEqualTo("tcp://mosquitto:1883");
        assertThat(DeployFiles.read("compose/mosquitto/mosquitto.conf")).containsPattern("(?m)^listener 1883$");
        assertThat(list(map(services.get("mosquitto")).get("volumes")))
                .contains("./mosquitto/mosquitto.conf:/mosquitto/config/mosquitto.conf:ro");

        assertThat(connection.get("sources").get(0).get("addresses").get(0).asText()).isEqualTo("twingraph/+/telemetry");
        assertThat(connection.get("sources").get(0).get("payloadMapping").get(0).asText()).isEqualTo("telemetry");
        assertThat(connection.get("sources").get(1).get("addresses").get(0).asText()).isEqualTo("twingraph/+/ditto");
        assertThat(connection.get("targets").get(0).get("address").asText()).isEqualTo("twingraph/{{ thing:id }}/command");
        assertThat(connection.get("targets").get(1).get("address").asText())
                .isEqualTo("twingraph/{{ thing:id }}/ditto/command");
        for (JsonNode source : connection.get("sources")) {
            for (JsonNode mapping : source.get("payloadMapping")) {
                assertThat(mapping.asText().equals("Ditto") || connection.get("mappingDefinitions").has(mapping.asText()))
                        .as("mapping %s is defined", mapping).isTrue();
            }
        }
    }

    @Test
    void the_init_container_creates_the_connection_before_twingraph_starts() {
        Map<String, Object> init = map(services.get("ditto-init"));
        assertThat(list(init.get("volumes"))).contains("./ditto:/ditto:ro");
        assertThat(list(init.get("entrypoint"))).containsExactly("/bin/sh", "/ditto/init-connection.sh");
        assertThat(init.get("restart")).isEqualTo("no");
        Map<String, Object> initDeps = map(init.get("depends_on"));
        assertThat(map(initDeps.get("gateway"))).containsEntry("condition", "service_healthy");
        assertThat(map(initDeps.get("connectivity"))).containsEntry("condition", "service_healthy");
        assertThat(map(initDeps.get("mosquitto"))).containsEntry("condition", "service_healthy");
        assertThat(map(map(map(services.get("twingraph")).get("depends_on")).get("ditto-init")))
                .containsEntry("condition", "service_completed_successfully");
        // the devops password the gateway is given is the one the init container uses
        assertThat(env("ditto-init").get("DITTO_DEVOPS_PASSWORD")).isEqualTo(env("gateway").get("DEVOPS_PASSWORD"));

        String script = DeployFiles.read("compose/ditto/init-connection.sh");
        assertThat(script).contains("/ditto/connection-mqtt.json").contains("connectivity.commands:createConnection")
                .contains("-X PUT");
        assertThat(connection().get("id").asText()).isEqualTo("twingraph-mqtt");
    }

    @Test
    void twingraphs_data_is_a_named_volume_at_the_images_data_directory() {
        Map<String, Object> twingraph = map(services.get("twingraph"));
        assertThat(list(twingraph.get("volumes"))).contains("twingraph-data:/var/lib/twingraph");
        assertThat(map(compose.get("volumes"))).containsKeys("twingraph-data", "mongodb-data", "mosquitto-data");
        assertThat(env("twingraph")).containsEntry("TWINGRAPH_DATA", "/var/lib/twingraph")
                .containsEntry("TWINGRAPH_HOST", "0.0.0.0");
        Map<String, Object> build = map(twingraph.get("build"));
        assertThat(build).containsEntry("context", "../..").containsEntry("dockerfile", "deploy/Dockerfile");
    }

    @Test
    void the_image_builds_like_the_launcher_and_runs_as_a_non_root_user_with_a_health_check() {
        String dockerfile = DeployFiles.read("Dockerfile");
        List<String> froms = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(dockerfile).contains("ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17")
                .contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble").doesNotContain(":latest");
        // the same build as ./twingraph: package -pl api -am, then every jar of api/target/app/lib on the classpath
        assertThat(DeployFiles.deployDir().resolveSibling("twingraph")).exists();
        assertThat(dockerfile).contains("-pl api -am package").contains("cp -r api/target/app/lib /out/lib");
        assertThat(DeployFiles.read("image/twingraph")).contains("-cp \"/opt/twingraph/lib/*\" io.twingraph.api.cli.Main");
        assertThat(dockerfile).containsPattern("(?m)^USER \\$\\{TWINGRAPH_UID}:\\$\\{TWINGRAPH_UID}$")
                .containsPattern("(?m)^ARG TWINGRAPH_UID=10001$")
                .contains("VOLUME [\"/var/lib/twingraph\"]")
                .contains("TWINGRAPH_DATA=/var/lib/twingraph").contains("TWINGRAPH_HOST=0.0.0.0")
                .containsPattern("HEALTHCHECK [^\\n]*\\n\\s+CMD curl -fsS -o /dev/null \"http://127\\.0\\.0\\.1:\\$\\{TWINGRAPH_PORT}/health\"")
                .contains("ENTRYPOINT [\"/usr/local/bin/twingraph\"]");
        // the chart runs the image as the user the image creates
        assertThat(DeployFiles.read("helm/twingraph/values.yaml")).contains("runAsUser: 10001");
    }

    private String image(String service) {
        return (String) map(services.get(service)).get("image");
    }

    private Map<String, Object> env(String service) {
        return map(map(services.get(service)).get("environment"));
    }

    private static JsonNode connection() {
        try {
            return new ObjectMapper().readTree(DeployFiles.read("compose/ditto/connection-mqtt.json"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compose value with every ${VAR:-default} replaced by its default (what runs when nothing is set). */
    static String resolved(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = DEFAULTED.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
