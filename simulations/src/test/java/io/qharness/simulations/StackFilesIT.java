package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.cli.Main;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * compose/ as a user starts it: the seed's bootstrap topology, the ports README and the CLI use,
 * Prometheus scraping every node and the Pushgateway, Grafana provisioned with files that exist.
 * Docker cannot run here; when Debian's docker-compose is installed (CI installs it) its validator
 * checks the file too.
 */
class StackFilesIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE = ROOT.resolve("compose");
  private static final List<String> NODES = List.of("qdrant_node1", "qdrant_node2", "qdrant_node3");

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file)) {
      return (Map<String, Object>) new Yaml().load(r);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @Test
  void aFourthNodeForScaleOutWaitsUnderItsProfileAndJoinsTheBootstrapNode() throws IOException {
    Map<String, Object> services = map(yaml(COMPOSE.resolve("docker-compose.yml")).get("services"));
    Map<String, Object> node4 = map(services.get("qdrant_node4"));
    assertThat(list(node4.get("profiles"))).containsExactly("scale");
    assertThat(list(node4.get("command")))
        .containsSubsequence("--bootstrap", "http://qdrant_node1:6335")
        .containsSubsequence("--uri", "http://qdrant_node4:6335");
    assertThat(list(node4.get("ports"))).containsExactly("6363:6333", "6364:6334");
    assertThat(list(node4.get("volumes")).get(0).toString())
        .isEqualTo("qdrant_node4_storage:/qdrant/storage");
    assertThat(map(yaml(COMPOSE.resolve("docker-compose.yml")).get("volumes")))
        .containsKey("qdrant_node4_storage");
    assertThat(list(map(services.get("prometheus")).get("volumes")))
        .contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
  }

  @Test
  void composeHasTheBootstrapTopologyWithDistinctPortsStorageAndHealthchecks() throws IOException {
    Map<String, Object> services = map(yaml(COMPOSE.resolve("docker-compose.yml")).get("services"));
    assertThat(services)
        .containsKeys(
            "qdrant_node1", "qdrant_node2", "qdrant_node3", "prometheus", "pushgateway", "grafana");
    for (Map.Entry<String, Object> s : services.entrySet()) {
      String image = String.valueOf(map(s.getValue()).get("image"));
      assertThat(image)
          .as("image of " + s.getKey() + " is pinned")
          .matches("[\\w./-]+:v?\\d+(\\.\\d+)+");
    }
    Set<String> hostPorts = new HashSet<>();
    Set<String> volumes = new HashSet<>();
    for (int i = 0; i < NODES.size(); i++) {
      String name = NODES.get(i);
      Map<String, Object> node = map(services.get(name));
      assertThat(map(node.get("environment")).get("QDRANT__CLUSTER__ENABLED"))
          .as(name + " cluster mode")
          .isEqualTo("true");
      List<Object> command = list(node.get("command"));
      assertThat(command)
          .as(name + " advertises itself")
          .containsSubsequence("--uri", "http://" + name + ":6335");
      if (i == 0) {
        assertThat(command).as("the bootstrap node joins nobody").doesNotContain("--bootstrap");
      } else {
        assertThat(command)
            .as(name + " joins the bootstrap node")
            .containsSubsequence("--bootstrap", "http://qdrant_node1:6335");
        assertThat(map(map(node.get("depends_on")).get("qdrant_node1")).get("condition"))
            .isEqualTo("service_healthy");
      }
      assertThat(node).as(name + " healthcheck").containsKey("healthcheck");
      // host ports as README and `qharness testcluster` lay them out: REST 6333+10i, gRPC 6334+10i
      assertThat(list(node.get("ports")))
          .containsExactly((6333 + 10 * i) + ":6333", (6334 + 10 * i) + ":6334");
      list(node.get("ports"))
          .forEach(
              p ->
                  assertThat(hostPorts.add(p.toString().split(":")[0]))
                      .as("host port " + p + " unique")
                      .isTrue());
      List<Object> v = list(node.get("volumes"));
      assertThat(v).hasSize(1);
      String volume = v.get(0).toString();
      assertThat(volume).endsWith(":/qdrant/storage");
      assertThat(volumes.add(volume.split(":")[0]))
          .as(name + " has its own storage volume")
          .isTrue();
    }
  }

  @Test
  void mountedFilesExistAndPrometheusScrapesEveryNodeAndThePushgateway() throws IOException {
    Map<String, Object> compose = yaml(COMPOSE.resolve("docker-compose.yml"));
    Map<String, Object> services = map(compose.get("services"));
    Set<String> namedVolumes = map(compose.get("volumes")).keySet();
    String provisioningTarget = null;
    String dashboardsTarget = null;
    for (Map.Entry<String, Object> s : services.entrySet()) {
      Object vs = map(s.getValue()).get("volumes");
      if (vs == null) {
        continue;
      }
      for (Object v : list(vs)) {
        String[] parts = v.toString().split(":");
        if (parts[0].startsWith(".")) {
          assertThat(COMPOSE.resolve(parts[0]).normalize())
              .as(s.getKey() + " mounts " + parts[0])
              .exists();
        } else {
          assertThat(namedVolumes).as("named volume " + parts[0]).contains(parts[0]);
        }
        if (parts[0].equals("../grafana-dashboards")) {
          dashboardsTarget = parts[1];
        }
        if (parts[1].equals("/etc/grafana/provisioning")) {
          provisioningTarget = parts[0];
        }
      }
    }
    assertThat(dashboardsTarget).as("grafana mounts grafana-dashboards/").isNotNull();
    assertThat(provisioningTarget).as("grafana mounts its provisioning").isNotNull();

    // the dashboards provider reads the folder the dashboards are mounted at
    Map<String, Object> providers =
        yaml(COMPOSE.resolve(provisioningTarget).resolve("dashboards/qharness.yml"));
    assertThat(map(map(list(providers.get("providers")).get(0)).get("options")).get("path"))
        .isEqualTo(dashboardsTarget);

    // every panel uses the provisioned data source
    Map<String, Object> ds =
        map(
            list(yaml(COMPOSE.resolve(provisioningTarget).resolve("datasources/prometheus.yml"))
                    .get("datasources"))
                .get(0));
    assertThat(ds.get("url")).isEqualTo("http://prometheus:9090");
    List<String> wrong = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(ROOT.resolve("grafana-dashboards"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode d = json.readTree(f.toFile());
        assertThat(d.path("uid").asText()).as(f + " uid").isNotEmpty();
        for (JsonNode panel : d.path("panels")) {
          if (!panel.path("type").asText().equals("row")
              && !panel.path("datasource").path("uid").asText().equals(ds.get("uid"))) {
            wrong.add(f.getFileName() + ": " + panel.path("title").asText());
          }
        }
      }
    }
    assertThat(wrong).as("panels not on the provisioned data source").isEmpty();

    Map<String, Object> prometheus = yaml(COMPOSE.resolve("prometheus/prometheus.yml"));
    List<String> qdrantTargets = new ArrayList<>();
    List<Object> nodeLabels = new ArrayList<>();
    boolean pushgatewayHonoursLabels = false;
    for (Object o : list(prometheus.get("scrape_configs"))) {
      Map<String, Object> job = map(o);
      for (Object sc : list(job.get("static_configs"))) {
        Map<String, Object> c = map(sc);
        if ("qdrant".equals(job.get("job_name"))) {
          list(c.get("targets")).forEach(t -> qdrantTargets.add(t.toString()));
          nodeLabels.add(map(c.get("labels")).get("node"));
        }
        if (list(c.get("targets")).contains("pushgateway:9091")) {
          pushgatewayHonoursLabels = Boolean.TRUE.equals(job.get("honor_labels"));
        }
      }
    }
    assertThat(qdrantTargets)
        .containsExactly(
            "qdrant_node1:6333", "qdrant_node2:6333", "qdrant_node3:6333", "qdrant_node4:6333");
    List<Object> expectedLabels = new ArrayList<>(NODES);
    expectedLabels.add("qdrant_node4"); // the scale profile's node, labelled role=spare
    assertThat(nodeLabels)
        .as("node label the dashboards select on")
        .containsExactlyElementsOf(expectedLabels);
    assertThat(list(prometheus.get("rule_files"))).containsExactly("/etc/prometheus/alerts.yml");
    assertThat(pushgatewayHonoursLabels)
        .as("pushgateway job keeps the pushed job/run_id/instance")
        .isTrue();
  }

  @Test
  void dockerComposeValidatesTheFileWhenInstalled() throws Exception {
    Path validator =
        Stream.of(System.getenv("PATH").split(":"))
            .map(d -> Path.of(d, "docker-compose"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (validator == null) {
      // CI installs Debian's docker-compose (see .ci/run); elsewhere the structural checks above
      // still run
      assertThat(System.getenv("CI"))
          .as("docker-compose must be installed in CI")
          .isNotEqualTo("true");
      return;
    }
    Process p =
        new ProcessBuilder(
                validator.toString(),
                "-f",
                COMPOSE.resolve("docker-compose.yml").toString(),
                "config",
                "-q")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as("docker-compose config: " + out).isZero();
  }

  @Test
  void theExampleScheduledJobUsesCommandsAndFlagsTheCliHas() throws IOException {
    Map<String, Object> workflow = yaml(ROOT.resolve(".github/workflows/nightly-regression.yml"));
    // YAML 1.1 reads the key `on` as the boolean true
    Object on =
        workflow.containsKey("on") ? workflow.get("on") : ((Map<?, ?>) workflow).get(Boolean.TRUE);
    assertThat(on).asString().contains("cron");
    List<String> commands = new ArrayList<>();
    for (Object job : map(workflow.get("jobs")).values()) {
      for (Object step : list(map(job).get("steps"))) {
        Object run = map(step).get("run");
        if (run == null) {
          continue;
        }
        String script = run.toString().replace("\\\n", " ");
        for (String line : script.split("\n")) {
          int at = line.indexOf("./qharness ");
          if (at >= 0) {
            commands.add(line.substring(at + "./qharness ".length()).trim());
          }
        }
        if (run.toString().contains("docker compose")) {
          assertThat(run.toString()).contains("compose/docker-compose.yml");
        }
      }
    }
    assertThat(commands)
        .anyMatch(c -> c.startsWith("run "))
        .anyMatch(c -> c.startsWith("compare "))
        .anyMatch(c -> c.startsWith("cluster status"));
    for (String c : commands) {
      String[] args =
          c.replace("\"$RUN_ID\"", "nightly-1").replace("$RUN_ID", "nightly-1").split("\\s+");
      // parsing checks every command and flag exists and takes the values given
      Main.newCommandLine().parseArgs(args);
    }
  }
}
