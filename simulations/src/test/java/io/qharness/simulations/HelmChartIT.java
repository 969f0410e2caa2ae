package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/helm/qharness rendered by {@code helm template} (Helm from HELM_BIN, PATH or ~/go/bin) and
 * read strictly with the Kubernetes model: every field a known one of its type. The injectors are
 * an Indexed Job whose pods take injectorIndex from their completion index and share one startAt,
 * run id and results volume; a merge Job joins them. No Kubernetes cluster runs here: what a
 * cluster would do with these objects is not tested.
 */
class HelmChartIT {
  private static final Path CHART =
      Path.of(System.getProperty("qharness.checkout", ".."), "deploy", "helm", "qharness")
          .toAbsolutePath()
          .normalize();
  private static Path helm;

  @BeforeAll
  static void findHelm() {
    helm = helmBinary().orElse(null);
    if (helm == null) {
      System.out.println(
          "qharness: skipping HelmChartIT: no helm (set HELM_BIN, or: go install"
              + " helm.sh/helm/v3/cmd/helm@v3.21.4)");
    }
    Assumptions.assumeTrue(helm != null, "no helm binary");
  }

  @Test
  void theChartRendersAnIndexedJobOfInjectorsThatStartTogetherAndAMergeJob() throws Exception {
    List<Map<String, Object>> docs =
        render(
            "--set", "runId=nightly-7",
            "--set", "injectors=4",
            "--set", "target.hosts=qdrant-0.q:6334\\,qdrant-1.q:6334",
            "--set", "target.apiKey.secretName=qdrant-key",
            "--set", "target.tls.enabled=true",
            "--set", "target.tls.caConfigMap=qdrant-ca",
            "--set", "antiAffinity.type=required",
            "--set", "workload.settings.searchRate=3000");
    ObjectMapper json = new ObjectMapper();
    Job injectors = null;
    Job merge = null;
    PersistentVolumeClaim pvc = null;
    for (Map<String, Object> d : docs) {
      switch (String.valueOf(d.get("kind"))) {
        case "Job" -> {
          Job j = strict(json.convertValue(d, Job.class));
          if (j.getMetadata().getName().endsWith("-injectors")) {
            injectors = j;
          } else {
            merge = j;
          }
        }
        case "PersistentVolumeClaim" ->
            pvc = strict(json.convertValue(d, PersistentVolumeClaim.class));
        default -> throw new AssertionError("unexpected kind " + d.get("kind"));
      }
    }
    assertThat(injectors).isNotNull();
    assertThat(merge).isNotNull();
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");

    assertThat(injectors.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(injectors.getSpec().getCompletions()).isEqualTo(4);
    assertThat(injectors.getSpec().getParallelism()).isEqualTo(4);
    var pod = injectors.getSpec().getTemplate().getSpec();
    var c = pod.getContainers().get(0);
    List<String> args = c.getArgs();
    assertThat(args).containsSubsequence("run", "MixedWorkloadSimulation");
    assertThat(args).containsSubsequence("--run-id", "nightly-7");
    assertThat(args).containsSubsequence("--injectors", "4");
    assertThat(args).containsSubsequence("--upload", "false");
    assertThat(args).containsSubsequence("--search-rate", "3000");
    String startAt = args.get(args.indexOf("--start-at") + 1);
    Instant at = Instant.parse(startAt);
    assertThat(Duration.between(Instant.now(), at).toSeconds())
        .as("startAt is computed at install, startDelaySeconds ahead")
        .isBetween(100L, 121L);
    assertThat(injectors.getMetadata().getAnnotations())
        .containsEntry("qharness.io/start-at", startAt);
    EnvVar index = env(c.getEnv(), "QHARNESS_INJECTOR_INDEX");
    assertThat(index.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    assertThat(env(c.getEnv(), "QHARNESS_API_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("qdrant-key");
    assertThat(env(c.getEnv(), "QHARNESS_HOSTS").getValue())
        .isEqualTo("qdrant-0.q:6334,qdrant-1.q:6334");
    assertThat(env(c.getEnv(), "QHARNESS_CA_FILE").getValue()).isEqualTo("/etc/qharness/ca/ca.pem");
    assertThat(pod.getVolumes())
        .anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals("qdrant-ca"));
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");

    var m = merge.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(String.join(" ", m.getCommand()))
        .contains("merge \"nightly-7\" --results-dir /results");
    assertThat(
            merge
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .get(0)
                .getPersistentVolumeClaim()
                .getClaimName())
        .isEqualTo(pvc.getMetadata().getName());
  }

  @Test
  void aMissingRunIdOrTargetIsRefusedByHelmWithTheFix() throws Exception {
    Run noRun = helm("template", "t", CHART.toString(), "--set", "target.hosts=q:6334");
    assertThat(noRun.code).isNotZero();
    assertThat(noRun.out).contains("runId is required");
    Run noHosts = helm("template", "t", CHART.toString(), "--set", "runId=x");
    assertThat(noHosts.code).isNotZero();
    assertThat(noHosts.out).contains("target.hosts is required");
  }

  private static List<Map<String, Object>> render(String... sets) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("template", "t", CHART.toString()));
    cmd.addAll(List.of(sets));
    Run r = helm(cmd.toArray(new String[0]));
    assertThat(r.code).as(r.out).isZero();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object o : new Yaml().loadAll(r.out)) {
      if (o != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        docs.add(m);
      }
    }
    return docs;
  }

  private record Run(int code, String out) {}

  private static Run helm(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(helm.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static EnvVar env(List<EnvVar> env, String name) {
    return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The object, after checking that no field of it or its parts fell into the model's catch-all
   * (additionalProperties): a misspelt or misplaced key would, and Kubernetes would drop it.
   */
  private static <T> T strict(T o) {
    List<String> unknown = new ArrayList<>();
    walk(o, o.getClass().getSimpleName(), unknown);
    assertThat(unknown).as("fields the Kubernetes model does not know").isEmpty();
    return o;
  }

  private static void walk(Object o, String path, List<String> unknown) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> list) {
      int i = 0;
      for (Object x : list) {
        walk(x, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || !m.getName().startsWith("get")) {
        continue;
      }
      try {
        Object v = m.invoke(o);
        if (m.getName().equals("getAdditionalProperties")) {
          if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
            unknown.add(path + ": " + extra.keySet());
          }
        } else if (!m.getName().equals("getClass")) {
          walk(v, path + "." + m.getName().substring(3), unknown);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Optional<Path> helmBinary() {
    String env = System.getenv("HELM_BIN");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "helm");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    Path go = Path.of(System.getProperty("user.home"), "go", "bin", "helm");
    return Files.isExecutable(go) ? Optional.of(go) : Optional.empty();
  }
}
