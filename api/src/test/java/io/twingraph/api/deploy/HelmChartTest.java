package io.twingraph.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * deploy/helm/twingraph through Helm itself (helm-java runs Helm's Go library in-process): {@code helm lint --strict},
 * then {@code helm template} with several value sets, and the rendered manifests checked for what the deployment
 * relies on: a non-root, read-only pod; probes on /health; the PersistentVolumeClaim mounted at the data directory;
 * credentials only from the Secret; one pod replaced with Recreate.
 */
class HelmChartTest {
    private static final Path CHART = DeployFiles.path("helm/twingraph");

    @Test
    void helm_lint_strict_finds_nothing() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void the_pod_runs_as_a_non_root_user_with_a_read_only_root_and_no_capabilities() {
        Manifests m = render(t -> { });
        Map<String, Object> pod = m.podSpec();
        Map<String, Object> podSecurity = map(pod.get("securityContext"));
        assertThat(podSecurity).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001)
                .containsEntry("fsGroup", 10001);
        Map<String, Object> container = m.container();
        Map<String, Object> security = map(container.get("securityContext"));
        assertThat(security).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true).containsEntry("runAsNonRoot", true);
        assertThat(list(map(security.get("capabilities")).get("drop"))).containsExactly("ALL");
        assertThat(pod).containsEntry("automountServiceAccountToken", false);
        // with a read-only root, /tmp must be a volume (native libraries are unpacked there)
        assertThat(mountPath(container, "tmp")).contains("/tmp");
    }

    @Test
    void startup_and_readiness_probes_ask_health_and_liveness_only_needs_the_port() {
        Map<String, Object> container = render(t -> { }).container();
        for (String probe : List.of("startupProbe", "readinessProbe")) {
            Map<String, Object> http = map(map(container.get(probe)).get("httpGet"));
            assertThat(http).as(probe).containsEntry("path", "/health").containsEntry("port", "http");
        }
        assertThat(map(map(container.get("livenessProbe")).get("tcpSocket"))).containsEntry("port", "http");
        assertThat(list(container.get("ports"))).anySatisfy(p -> assertThat(map(p))
                .containsEntry("name", "http").containsEntry("containerPort", 8080));
    }

    @Test
    void the_data_directory_is_the_claim_mounted_where_the_server_is_told_its_data_is() {
        Manifests m = render(t -> t.set("persistence.size", "20Gi"));
        Map<String, Object> pvc = m.one("PersistentVolumeClaim");
        String claim = (String) map(pvc.get("metadata")).get("name");
        assertThat(map(map(map(pvc.get("spec")).get("resources")).get("requests"))).containsEntry("storage", "20Gi");
        assertThat(map(map(pvc.get("metadata")).get("annotations"))).containsEntry("helm.sh/resource-policy", "keep");

        Map<String, Object> data = volume(m.podSpec(), "data");
        assertThat(map(data.get("persistentVolumeClaim"))).containsEntry("claimName", claim);
        assertThat(mountPath(m.container(), "data")).contains("/var/lib/twingraph");
        assertThat(m.configData()).containsEntry("TWINGRAPH_DATA", "/var/lib/twingraph")
                .containsEntry("TWINGRAPH_HOST", "0.0.0.0").containsEntry("TWINGRAPH_PORT", "8080");
        Map<String, Object> deployment = m.one("Deployment");
        assertThat(map(deployment.get("spec"))).containsEntry("replicas", 1);
        assertThat(map(map(deployment.get("spec")).get("strategy"))).containsEntry("type", "Recreate");
    }

    @Test
    void ditto_settings_become_arguments_and_its_credentials_come_from_the_secret_only() {
        Manifests m = render(t -> t.set("ditto.enabled", "true").set("ditto.url", "http://ditto-nginx.ditto:8080")
                .set("ditto.username", "twingraph").set("ditto.password", "s3cret")
                .set("ditto.namespaces[0]", "org.example").set("ditto.namespaces[1]", "home")
                .set("ditto.commands", "live"));
        assertThat(list(m.container().get("args"))).containsExactly("serve", "--twins",
                "ditto:http://ditto-nginx.ditto:8080", "--ditto-namespaces", "org.example,home",
                "--ditto-commands", "live");

        Map<String, Object> secret = m.one("Secret");
        String secretName = (String) map(secret.get("metadata")).get("name");
        assertThat(decoded(secret, "ditto-username")).isEqualTo("twingraph");
        assertThat(decoded(secret, "ditto-password")).isEqualTo("s3cret");
        assertThat(map(secret.get("data"))).doesNotContainKey("ditto-token");
        Map<String, Object> passwordRef = secretRef(m.container(), "TWINGRAPH_DITTO_PASSWORD");
        assertThat(passwordRef).containsEntry("name", secretName).containsEntry("key", "ditto-password");
        assertThat(secretRef(m.container(), "TWINGRAPH_DITTO_TOKEN")).containsEntry("key", "ditto-token");
        // the password appears nowhere but in the Secret
        assertThat(m.documents()).filteredOn(d -> !"Secret".equals(d.get("kind")))
                .allSatisfy(d -> assertThat(new Yaml().dump(d)).doesNotContain("s3cret"));
    }

    @Test
    void an_existing_secret_replaces_the_charts_own() {
        Manifests m = render(t -> t.set("secrets.existingSecret", "my-creds"));
        assertThat(m.all("Secret")).isEmpty();
        assertThat(secretRef(m.container(), "TWINGRAPH_DITTO_USER")).containsEntry("name", "my-creds")
                .containsEntry("optional", true);
        assertThat(secretRef(m.container(), "TWINGRAPH_LLM_KEY")).containsEntry("name", "my-creds");
    }

    @Test
    void seeded_api_tokens_are_copied_by_an_init_container_that_never_overwrites() {
        Manifests m = render(t -> t.set("apiTokens.seedSecret", "twingraph-tokens"));
        List<Object> inits = list(m.podSpec().get("initContainers"));
        assertThat(inits).hasSize(1);
        Map<String, Object> init = map(inits.get(0));
        assertThat(String.join(" ", list(init.get("command")).stream().map(String::valueOf).toList()))
                .contains("if [ -f /var/lib/twingraph/access/tokens.json ]");
        assertThat(map(init.get("securityContext"))).containsEntry("runAsNonRoot", true);
        assertThat(map(volume(m.podSpec(), "seed-tokens").get("secret"))).containsEntry("secretName", "twingraph-tokens");
    }

    @Test
    void ingress_and_the_embedded_brokers_port_are_optional() {
        Manifests plain = render(t -> { });
        assertThat(plain.all("Ingress")).isEmpty();
        assertThat(list(map(plain.one("Service").get("spec")).get("ports"))).hasSize(1);
        assertThat(plain.configData()).containsEntry("TWINGRAPH_MQTT_HOST", "127.0.0.1");

        Manifests exposed = render(t -> t.set("ingress.enabled", "true").set("ingress.className", "nginx")
                .set("config.mqtt.exposeEmbedded", "true"));
        Map<String, Object> ingress = exposed.one("Ingress");
        assertThat(map(ingress.get("spec"))).containsEntry("ingressClassName", "nginx");
        assertThat(list(map(exposed.one("Service").get("spec")).get("ports"))).hasSize(2);
        assertThat(exposed.configData()).containsEntry("TWINGRAPH_MQTT_HOST", "0.0.0.0");

        Manifests external = render(t -> t.set("config.mqtt.externalUri", "tcp://mosquitto.iot:1883"));
        assertThat(external.configData()).containsEntry("TWINGRAPH_MQTT", "tcp://mosquitto.iot:1883")
                .doesNotContainKey("TWINGRAPH_MQTT_HOST");
    }

    @Test
    void every_object_is_labelled_and_named_after_the_release() {
        Manifests m = render(t -> t.set("ingress.enabled", "true"));
        assertThat(m.documents()).extracting(d -> d.get("kind")).contains("Deployment", "Service", "ConfigMap",
                "Secret", "PersistentVolumeClaim", "ServiceAccount", "Ingress");
        assertThat(m.documents()).allSatisfy(d -> {
            Map<String, Object> meta = map(d.get("metadata"));
            assertThat((String) meta.get("name")).startsWith("tg-");
            assertThat(map(meta.get("labels"))).containsEntry("app.kubernetes.io/instance", "tg")
                    .containsEntry("app.kubernetes.io/name", "twingraph");
        });
    }

    @Test
    void ditto_without_a_url_is_refused_with_the_reason() {
        assertThatThrownBy(() -> render(t -> t.set("ditto.enabled", "true")))
                .hasMessageContaining("ditto.url is empty");
    }

    // ---- rendering and navigation ----

    private static Manifests render(Consumer<TemplateCommand> values) {
        TemplateCommand template = new Helm(CHART).template().withName("tg").withNamespace("iot");
        values.accept(template);
        String out = template.call();
        List<Map<String, Object>> docs = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object doc : yaml.loadAll(out)) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return new Manifests(docs);
    }

    record Manifests(List<Map<String, Object>> documents) {
        List<Map<String, Object>> all(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = all(kind);
            assertThat(found).as(kind).hasSize(1);
            return found.get(0);
        }

        Map<String, Object> podSpec() {
            return map(map(map(one("Deployment").get("spec")).get("template")).get("spec"));
        }

        Map<String, Object> container() {
            List<Object> containers = list(podSpec().get("containers"));
            assertThat(containers).hasSize(1);
            return map(containers.get(0));
        }

        Map<String, Object> configData() {
            return map(one("ConfigMap").get("data"));
        }
    }

    private static Optional<String> mountPath(Map<String, Object> container, String volume) {
        return list(container.get("volumeMounts")).stream().map(HelmChartTest::map)
                .filter(v -> volume.equals(v.get("name"))).map(v -> (String) v.get("mountPath")).findFirst();
    }

    private static Map<String, Object> volume(Map<String, Object> podSpec, String name) {
        return list(podSpec.get("volumes")).stream().map(HelmChartTest::map).filter(v -> name.equals(v.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Map<String, Object> secretRef(Map<String, Object> container, String env) {
        return list(container.get("env")).stream().map(HelmChartTest::map).filter(e -> env.equals(e.get("name")))
                .map(e -> map(map(e.get("valueFrom")).get("secretKeyRef"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + env));
    }

    private static String decoded(Map<String, Object> secret, String key) {
        return new String(Base64.getDecoder().decode((String) map(secret.get("data")).get(key)), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }
}
