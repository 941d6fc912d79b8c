package io.llmgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's smoke run (issue 11 allows one in the suite): {@code bench/run.sh} on the jar this
 * build packaged, with 3-second phases, so a change that breaks the benchmark (a script, the fake
 * provider, the floor, the report, the bench configuration) fails CI instead of the next person who
 * runs it. It checks that every scenario ran and that nothing failed, not how fast: speed is the full
 * run's business. Left out: the peer (an npm install), the AOT cache (a training run) and scenario
 * 4 (2,000 connections), to keep the suite short; scenario 8 runs one cold start (no cache) for 8 s.
 * Scenario 11's rows count a tool-call delta that differs from what the fake sent as an error.
 */
class BenchSmokeIT {

    private static final List<String> SCENARIOS = List.of("1", "2", "3", "5", "6", "7", "8", "9", "10", "11", "12", "13");

    @Test
    void everyScenarioRunsThroughTheGatewayWithoutErrors(@TempDir Path results) throws Exception {
        assumeTrue(onPath("node") && onPath("wrk"),
                "bench smoke run skipped: bench/run.sh needs node and wrk on the PATH (Debian: apt-get install nodejs wrk)");
        Path readme = Path.of("bench/README.md");
        String readmeBefore = Files.readString(readme);
        Path log = results.resolve("run.log");

        Process run = new ProcessBuilder("bash", "bench/run.sh", "--jar", System.getProperty("bench.jar"),
                "--quick", "--warm", "2", "--scenarios", String.join(",", SCENARIOS), "--no-peer", "--no-aot",
                "--cold", "8", "--cold-variants", "none",
                "--results", results.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = run.waitFor(14, TimeUnit.MINUTES);
        if (!ended) {
            run.descendants().forEach(ProcessHandle::destroy);
            run.destroy();
        }
        assertThat(ended && run.exitValue() == 0).as("bench/run.sh ended with 0; its output:%n%s", Files.readString(log)).isTrue();

        List<Map<String, String>> rows = csv(only(results, ".csv"));
        for (String scenario : List.of("1", "2", "3", "5", "6", "9-1k", "9-10k", "9-100k", "10-solo", "10-loaded", "11", "13")) {
            for (String target : List.of("direct", "gateway")) {
                List<Map<String, String>> phases = rows.stream()
                        .filter(r -> r.get("scenario").equals(scenario) && r.get("target").equals(target)).toList();
                assertThat(phases).as("scenario %s, %s", scenario, target).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.get("errors")).as("errors in %s", r).isEqualTo("0");
                    assertThat(Double.parseDouble(r.get("requests"))).as("requests in %s", r).isPositive();
                    assertThat(Double.parseDouble(r.get("rps"))).as("rate in %s", r).isPositive();
                });
            }
        }
        assertThat(rows).filteredOn(r -> r.get("scenario").equals("13") && r.get("target").equals("responses"))
                .as("the Responses API's rows").isNotEmpty()
                .allSatisfy(r -> assertThat(Double.parseDouble(r.get("rps"))).isPositive());
        assertThat(rows).filteredOn(r -> r.get("scenario").equals("8-first10"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("notes")).containsPattern("ready_ms=\\d+");
                    assertThat(Double.parseDouble(r.get("rps"))).isPositive();
                });
        assertThat(rows).filteredOn(r -> r.get("scenario").equals("9-mem"))
                .as("memory per in-flight request").hasSize(2)
                .allSatisfy(r -> assertThat(r.get("notes")).containsPattern("per_request=\\d+"));
        // the key flood: valid answers throughout, every invalid key refused without an upstream call
        Map<String, String> valid = only(rows, "12-valid");
        Map<String, String> invalid = only(rows, "12-invalid");
        assertThat(Double.parseDouble(only(rows, "12-alone").get("rps"))).isPositive();
        assertThat(Double.parseDouble(valid.get("rps"))).isPositive();
        assertThat(invalid.get("notes")).contains("answers_2xx=0").containsPattern("not_2xx=[1-9]");
        assertThat(note(invalid, "upstream_calls")).isEqualTo(note(valid, "upstream_calls"));
        assertThat(rows).as("the floor's rows (scenarios 1 and 2)")
                .anyMatch(r -> r.get("target").equals("floor") && Double.parseDouble(r.get("rps")) > 0);
        assertThat(rows).filteredOn(r -> r.get("scenario").equals("7") && r.get("target").equals("gateway"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("notes")).containsPattern("ready_ms=\\d+");
                    assertThat(Double.parseDouble(r.get("peak_rss_mib"))).isPositive();
                });

        assertThat(Files.readString(only(results, ".md"))).contains("| 2. max throughput", "| gateway |");
        assertThat(Files.readString(readme)).as("a run into another folder leaves bench/README.md alone").isEqualTo(readmeBefore);
    }

    private static Map<String, String> only(List<Map<String, String>> rows, String scenario) {
        List<Map<String, String>> found = rows.stream().filter(r -> r.get("scenario").equals(scenario)).toList();
        assertThat(found).as("scenario %s", scenario).hasSize(1);
        return found.get(0);
    }

    /** A {@code name=value} from a row's notes (scenario 12: the fake's request count). */
    private static String note(Map<String, String> row, String name) {
        Matcher value = Pattern.compile(name + "=(\\d+)").matcher(row.get("notes"));
        assertThat(value.find()).as("%s in %s", name, row).isTrue();
        return value.group(1);
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static Path only(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
            assertThat(found).as("one %s file in %s", suffix, dir).hasSize(1);
            return found.get(0);
        }
    }

    /** bench/run.sh's CSV: a header line, then one row per phase (quoted cells may hold commas). */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return rows.readAll();
        }
    }
}
