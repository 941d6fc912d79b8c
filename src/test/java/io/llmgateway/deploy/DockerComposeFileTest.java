package io.llmgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;


import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is valid and wires what a deployment needs. There is no Docker engine in CI,
 * so .ci/compose-check.sh validates it offline with Debian's docker-compose (installing it when it
 * can); where no validator can be had the test is skipped, saying why.
 */
class DockerComposeFileTest {

    @Test
    @SuppressWarnings("unchecked")
    void composeFileIsValidAndWiresGatewayKafkaAndPrometheus() throws Exception {
        Process check = new ProcessBuilder(".ci/compose-check.sh").redirectErrorStream(false).start();
        byte[] stdout = check.getInputStream().readAllBytes();
        String stderr = new String(check.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(5, TimeUnit.MINUTES)).isTrue();
        Assumptions.assumeTrue(check.exitValue() != 3, "docker-compose unavailable: " + stderr.strip());
        assertThat(check.exitValue()).as("docker-compose config -q: " + stderr).isZero();

        Map<String, Object> compose = new Yaml().load(new String(stdout, StandardCharsets.UTF_8));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("gateway", "postgres", "kafka", "prometheus");

        Map<String, Object> gateway = services.get("gateway");
        assertThat(((Map<String, Object>) gateway.get("build")).get("context").toString()).isNotBlank();
        Map<String, Object> env = (Map<String, Object>) gateway.get("environment");
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(mountTargets(gateway)).contains("/app/application.yaml", "/app/routes", "/app/data");
        // the store: the gateway starts once PostgreSQL answers, and its data outlives the container
        assertThat(env.get("GATEWAY_DATABASE_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(((Map<String, Map<String, Object>>) gateway.get("depends_on")).get("postgres").get("condition"))
                .isEqualTo("service_healthy");
        assertThat(services.get("postgres").get("healthcheck").toString()).contains("pg_isready");
        assertThat(mountTargets(services.get("postgres"))).contains("/var/lib/postgresql/data");
        assertThat((Map<String, Object>) compose.get("volumes")).containsKey("postgres-data");

        Map<String, Object> kafkaEnv = (Map<String, Object>) services.get("kafka").get("environment");
        assertThat(kafkaEnv.get("KAFKA_PROCESS_ROLES").toString()).contains("controller").contains("broker");
        assertThat(kafkaEnv).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(services.get("kafka-topics").get("command").toString())
                .contains("llm.requests").contains("llm.responses").contains("llm.requests.dlq");

        // two replicas behind a load balancer, sharing limits, budgets and cache through Redis
        assertThat(services).containsKeys("gateway-2", "load-balancer", "redis");
        for (String replica : List.of("gateway", "gateway-2")) {
            Map<String, Object> replicaEnv = (Map<String, Object>) services.get(replica).get("environment");
            assertThat(replicaEnv.get("GATEWAY_REDIS_URL")).isEqualTo("redis://redis:6379");
            assertThat(replicaEnv.get("GATEWAY_INSTANCE_COUNT")).isEqualTo("2");
            assertThat(replicaEnv.get("GATEWAY_DATABASE_URL")).isEqualTo(env.get("GATEWAY_DATABASE_URL"));
            assertThat(((Map<String, Map<String, Object>>) services.get(replica).get("depends_on")).get("redis").get("condition"))
                    .isEqualTo("service_healthy");
            assertThat(services.get(replica)).doesNotContainKey("ports");
        }
        assertThat(services.get("redis").get("healthcheck").toString()).contains("ping");
        assertThat(services.get("load-balancer").get("ports").toString()).contains("8080");
        assertThat(mountTargets(services.get("load-balancer"))).contains("/etc/nginx/nginx.conf");
        assertThat(Files.readString(Path.of("deploy/nginx.conf"))).contains("server gateway:8080").contains("server gateway-2:8080")
                .contains("proxy_buffering off");

        assertThat(mountTargets(services.get("prometheus"))).contains("/etc/prometheus/prometheus.yml");
        Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("deploy/prometheus.yml")));
        Map<String, Object> scrape = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(scrape.get("static_configs").toString()).contains("gateway:8080").contains("gateway-2:8080");

        assertThat(Files.readString(Path.of("Dockerfile"))).contains("ENTRYPOINT").contains("llm-gateway.jar");
    }

    @SuppressWarnings("unchecked")
    private static List<String> mountTargets(Map<String, Object> service) {
        List<String> targets = new ArrayList<>();
        for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
            if (volume instanceof Map<?, ?> map) {
                targets.add(String.valueOf(map.get("target")));
            } else {
                String[] parts = volume.toString().split(":");
                targets.add(parts.length > 1 ? parts[1] : parts[0]);
            }
        }
        return targets;
    }
}
