package io.modelgate.deployment;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerBuilder;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every kustomization in {@code k8s/} renders with {@code kubectl kustomize}, every rendered object is
 * read into fabric8's types of the Kubernetes API with no field left over, and what the manifests say
 * about modelgate (probe paths, port, environment variables, prompts) matches the application.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    /** Writes typed objects without the fields their types did not know, which fabric8 keeps aside. */
    private static final ObjectMapper KNOWN_FIELDS_ONLY = new ObjectMapper().registerModule(new SimpleModule().setSerializerModifier(new BeanSerializerModifier() {
                @Override
                public BeanSerializerBuilder updateBuilder(SerializationConfig config, BeanDescription description,
                                                           BeanSerializerBuilder builder) {
                    builder.setAnyGetter(null);
                    // Newer Jackson writes the any-getter as one of the properties.
                    builder.setProperties(builder.getProperties().stream()
                            .filter(p -> !p.getClass().getSimpleName().contains("AnyGetter"))
                            .collect(java.util.stream.Collectors.toCollection(ArrayList::new)));
                    return builder;
                }

            })).setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    static String render(String kustomization) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", "k8s/" + kustomization).redirectErrorStream(false).start();
        } catch (IOException e) {
            return fail("kubectl is not installed; .ci/run installs it (apt-get install kubectl): " + e.getMessage());
        }
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize took over 60 s");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize k8s/" + kustomization + " failed: " + errors);
        return yaml;
    }

    static List<HasMetadata> objects(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            JsonNode original = YAML.readTree(document);
            HasMetadata object = KUBERNETES.unmarshal(document);
            if (!(object instanceof GenericKubernetesResource)) {
                JsonNode known = KNOWN_FIELDS_ONLY.valueToTree(object);
                List<String> unknown = new ArrayList<>();
                leftOver(original, known, object.getKind() + "/" + object.getMetadata().getName(), unknown);
                assertEquals(List.of(), unknown, "fields the Kubernetes API does not have");
            }
            objects.add(object);
        }
        return objects;
    }

    /** Every field of {@code original} that the typed object, written back, no longer has. */
    private static void leftOver(JsonNode original, JsonNode known, String path, List<String> unknown) {
        if (original.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = original.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode counterpart = known == null ? null : known.get(field.getKey());
                if (counterpart == null) {
                    // An empty object or list may be written back as absent; only fields with content matter.
                    if (!(field.getValue().isContainerNode() && field.getValue().isEmpty())) {
                        unknown.add(path + "." + field.getKey());
                    }
                } else if (!field.getKey().equals("labels") && !field.getKey().equals("data")) {
                    leftOver(field.getValue(), counterpart, path + "." + field.getKey(), unknown);
                }
            }
        } else if (original.isArray() && known != null && known.isArray()) {
            for (int i = 0; i < original.size(); i++) {
                leftOver(original.get(i), known.get(i), path + "[" + i + "]", unknown);
            }
        }
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName());
        return found.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu", "overlays/try-postgresql", "benchmark"})
    void everyKustomizationRendersIntoValidKubernetesObjects(String kustomization) throws Exception {
        List<HasMetadata> objects = objects(render(kustomization));
        assertTrue(objects.size() >= (kustomization.equals("benchmark") ? 1 : 2), kustomization + " rendered " + objects.size() + " objects");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu", "overlays/try-postgresql"})
    void deploymentMatchesTheApplication(String overlay) throws Exception {
        List<HasMetadata> objects = objects(render(overlay));
        Deployment deployment = only(objects, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        Properties application = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        }
        int port = Integer.parseInt(application.getProperty("quarkus.http.port"));
        assertEquals(port, container.getPorts().get(0).getContainerPort());
        assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", container.getStartupProbe().getHttpGet().getPath());
        assertEquals("http", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
        Service service = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> s.getMetadata().getName().equals("modelgate")).findFirst().orElseThrow();
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());

        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                "a writable /tmp for ONNX Runtime's native library");
        assertTrue(container.getResources().getLimits().containsKey("memory"));
        assertEquals("modelgate-llm", container.getEnv().stream().filter(e -> e.getName().equals("MODELGATE_LLM_API_KEY"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName(), "the API key comes from a Secret");
        String keysFile = container.getEnv().stream().filter(e -> e.getName().equals("MODELGATE_AUTH_KEYS_FILE"))
                .findFirst().orElseThrow().getValue();
        String keysVolume = container.getVolumeMounts().stream().filter(m -> keysFile.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow().getName();
        assertEquals("modelgate-keys", pod.getVolumes().stream().filter(v -> v.getName().equals(keysVolume))
                .findFirst().orElseThrow().getSecret().getSecretName(), "the API keys file is mounted from a Secret");
        assertDocumented(container.getEnv());
        if (overlay.endsWith("gpu")) {
            assertEquals(new Quantity("1"), container.getResources().getLimits().get("nvidia.com/gpu"));
            assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
            assertTrue(container.getImage().contains("modelgate-gpu"));
        }
        GenericKubernetesResource monitor = only(objects, GenericKubernetesResource.class);
        assertEquals("ServiceMonitor", monitor.getKind());
    }

    /** The database settings of a container: the postgresql store, and the datasource from the Secret modelgate-database. */
    private static void assertReadsTheDatabaseFromTheSecret(Container container) {
        assertEquals("postgresql", env(container, "MODELGATE_STORE").getValue(), container.getName() + " uses the postgresql store");
        for (String variable : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            EnvVar setting = env(container, variable);
            assertTrue(setting.getValue() == null && setting.getValueFrom() != null && setting.getValueFrom().getSecretKeyRef() != null,
                    variable + " of " + container.getName() + " comes from a Secret, never a value in the manifest");
            assertEquals(DATABASE_SECRET, setting.getValueFrom().getSecretKeyRef().getName(), variable);
            assertEquals(DATABASE_SECRET_KEYS.get(variable), setting.getValueFrom().getSecretKeyRef().getKey(), variable);
        }
    }

    private static final String DATABASE_SECRET = "modelgate-database";
    /** The keys of a CloudNativePG app Secret, so that one can be named instead of the component's. */
    private static final Map<String, String> DATABASE_SECRET_KEYS = Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc-uri",
            "QUARKUS_DATASOURCE_USERNAME", "username", "QUARKUS_DATASOURCE_PASSWORD", "password");

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseGet(() -> fail(container.getName() + " does not set " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu", "overlays/try-postgresql"})
    void anOverlayOfMoreThanOneReplicaKeepsItsStateInTheSharedDatabaseNotInEmptyDirs(String overlay) throws Exception {
        List<HasMetadata> objects = objects(render(overlay));
        Deployment deployment = only(objects, Deployment.class);
        int replicas = Math.max(deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas(),
                only(objects, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class).getSpec().getMinReplicas());
        assertTrue(replicas > 1, overlay + " runs " + replicas + " replicas; this test is about more than one");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertReadsTheDatabaseFromTheSecret(container);
        List<String> emptyDirs = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null).map(v -> v.getName()).toList();
        assertEquals(List.of("tmp"), emptyDirs, "only /tmp is an emptyDir; results and libraries are in the database");
        assertTrue(container.getVolumeMounts().stream().noneMatch(m -> m.getMountPath().contains("results")
                || m.getMountPath().contains("libraries")), "no folder for results or libraries is mounted");
        assertTrue(container.getEnv().stream().noneMatch(e -> e.getName().equals("MODELGATE_RESULTS_DIR")
                || e.getName().equals("MODELGATE_SPECTRA_LIBRARIES_DIR")), "no results or libraries folder is configured");
        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy =
                only(objects, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
        assertTrue(policy.getSpec().getEgress().stream().flatMap(rule -> rule.getPorts().stream())
                .anyMatch(port -> port.getPort().getIntVal() == 5432), "the network policy lets the pods reach PostgreSQL");
    }

    @Test
    void thePostgresqlComponentRunsOneInstanceWithAVolumeClaimAServiceAndTheSecretTheServiceReads() throws Exception {
        List<HasMetadata> objects = objects(render("overlays/try-postgresql"));
        io.fabric8.kubernetes.api.model.apps.StatefulSet postgresql = only(objects, io.fabric8.kubernetes.api.model.apps.StatefulSet.class);
        assertEquals(1, postgresql.getSpec().getReplicas());
        assertEquals(1, postgresql.getSpec().getVolumeClaimTemplates().size(), "its data on a PersistentVolumeClaim");
        String claim = postgresql.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        Container database = postgresql.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(database.getImage().startsWith("postgres:"), database.getImage());
        assertTrue(database.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(claim)
                && m.getMountPath().equals("/var/lib/postgresql/data")), "the claim holds the data folder");

        List<Service> services = objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
        Service service = services.stream().filter(s -> s.getMetadata().getName().equals("modelgate-postgresql")).findFirst().orElseThrow();
        assertEquals(postgresql.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
        assertEquals(5432, service.getSpec().getPorts().get(0).getPort());

        io.fabric8.kubernetes.api.model.Secret secret = only(objects, io.fabric8.kubernetes.api.model.Secret.class);
        assertEquals(DATABASE_SECRET, secret.getMetadata().getName(), "no hash suffix: the base names it as it is");
        Map<String, String> data = new java.util.HashMap<>();
        secret.getData().forEach((key, value) -> data.put(key, new String(java.util.Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8)));
        assertTrue(data.keySet().containsAll(DATABASE_SECRET_KEYS.values()), "the keys the service reads: " + data.keySet());
        assertEquals("jdbc:postgresql://modelgate-postgresql:5432/" + data.get("dbname"), data.get("jdbc-uri"),
                "the JDBC URL names the component's Service and database");
        Container modelgate = only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertReadsTheDatabaseFromTheSecret(modelgate);
    }

    @Test
    void benchmarkJobRunsTheCliAgainstTheClustersDatabaseWithNoVolumeClaim() throws Exception {
        List<HasMetadata> objects = objects(render("benchmark"));
        Job job = only(objects, Job.class);
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(String.join(" ", container.getArgs()).contains("quarkus-run.jar benchmark --task penguins"));
        assertReadsTheDatabaseFromTheSecret(container);
        assertTrue(job.getSpec().getTemplate().getSpec().getVolumes().stream().allMatch(v -> v.getPersistentVolumeClaim() == null),
                "the Job mounts no PersistentVolumeClaim");
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("PersistentVolumeClaim")), "and makes none");
        assertDocumented(container.getEnv());
    }

    @Test
    void promptsConfigMapHoldsThePromptsOfTheRepository() throws IOException {
        try (var files = Files.list(Path.of("prompts"))) {
            for (Path prompt : files.toList()) {
                assertEquals(Files.readString(prompt), Files.readString(Path.of("k8s/base/prompts").resolve(prompt.getFileName())),
                        "k8s/base/prompts/" + prompt.getFileName() + " must be a copy of " + prompt);
            }
        }
    }

    /** Every MODELGATE_ and QUARKUS_ variable the manifests set is one that docs/configuration.md documents. */
    private static void assertDocumented(List<EnvVar> env) throws IOException {
        String documentation = Files.readString(Path.of("docs/configuration.md"));
        Matcher documented = Pattern.compile("`((MODELGATE|QUARKUS)_[A-Z0-9_]+)`").matcher(documentation);
        java.util.Set<String> names = new java.util.HashSet<>();
        while (documented.find()) {
            names.add(documented.group(1));
        }
        for (EnvVar variable : env) {
            assertTrue(names.contains(variable.getName()), variable.getName() + " is not in docs/configuration.md");
        }
    }
}
