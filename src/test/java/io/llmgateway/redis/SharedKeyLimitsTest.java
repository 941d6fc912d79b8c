package io.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.llmgateway.support.MovableClock;
import io.llmgateway.support.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One gateway key's limits in a real Redis, through the batched script: many requests at once get
 * exactly the limit in fewer script calls than requests, charges end holds and add their cost, and
 * holds of a dead instance are swept when they would refuse. The clock stands still unless moved,
 * so the buckets do not refill under a slow machine.
 */
class SharedKeyLimitsTest {

    private static final LocalDate PERIOD_START = LocalDate.parse("2026-12-01");
    private static final Instant PERIOD_END = Instant.parse("2027-01-01T00:00:00Z");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private RedisServer server;
    private RedisLink link;
    private SharedKeyLimits limits;
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void start() {
        server = RedisServer.start();
        RedisProperties properties = new RedisProperties();
        properties.setUrl(server.url());
        // bursts on cold code and 2 busy cores: these tests are about counts, not the 250 ms default
        properties.setTimeout(Duration.ofSeconds(10));
        link = new RedisLink(properties, new SimpleMeterRegistry());
        limits = new SharedKeyLimits(link, clock);
        client = RedisClient.create(server.url());
        redis = client.connect();
        await().atMost(Duration.ofSeconds(10)).until(link::up);
    }

    @AfterEach
    void stop() {
        redis.close();
        client.shutdown();
        link.destroy();
        server.close();
    }

    @Test
    void sixteenThreadsAtOnceGetExactlyTheLimitInFewerScriptCallsThanRequests() throws Exception {
        long callsBefore = scriptCalls();
        List<Future<SharedKeyLimits.Verdict>> asked = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 400; i++) {
                asked.add(threads.submit(() -> limits.admit(ask("team", 100, 0, 0, null, null))));
            }
        }
        List<Long> left = new ArrayList<>();
        int refused = 0;
        for (Future<SharedKeyLimits.Verdict> verdict : asked) {
            switch (verdict.get()) {
                case SharedKeyLimits.Admission admission -> left.add(admission.requestsLeft());
                case SharedKeyLimits.Refusal refusal -> {
                    assertThat(refusal.limit()).isEqualTo("rpm");
                    assertThat(refusal.waitMillis()).isEqualTo(600); // a whole request at 100 a minute
                    refused++;
                }
            }
        }
        assertThat(left).hasSize(100).doesNotHaveDuplicates().allMatch(n -> n >= 0 && n < 100);
        assertThat(refused).isEqualTo(300);
        assertThat(scriptCalls() - callsBefore).isLessThan(400);
    }

    @Test
    void aChargeEndsItsHoldAndAddsItsCost() {
        BigDecimal worst = new BigDecimal("0.40");
        SharedKeyLimits.Admission first = admitted(budgetAsk(worst));
        admitted(budgetAsk(worst));
        SharedKeyLimits.Admission third = admitted(budgetAsk(worst));
        assertThat(heldUsd()).isEqualByComparingTo("1.20");
        SharedKeyLimits.Refusal refused = (SharedKeyLimits.Refusal) limits.admit(budgetAsk(worst));
        assertThat(refused.limit()).isEqualTo("budget");

        limits.charge(first, 10, new BigDecimal("0.10"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heldUsd()).isEqualByComparingTo("0.80"));
        assertThat(redis.sync().hget("gateway:{key:team}:budget:monthly:2026-12-01", "spent")).isEqualTo("100000000");
        // spent 0.10 and held 0.80 leave room under 1.00 for one more
        admitted(budgetAsk(worst));
        limits.release(third);
        limits.release(third); // once: a second release changes nothing
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heldUsd()).isEqualByComparingTo("0.80"));
    }

    @Test
    void holdsOfADeadInstanceAreSweptWhenTheyWouldRefuse() {
        BigDecimal worst = new BigDecimal("0.60");
        admitted(budgetAsk(worst));
        admitted(budgetAsk(worst));
        assertThat(limits.admit(budgetAsk(worst))).isInstanceOf(SharedKeyLimits.Refusal.class);
        clock.advance(Duration.ofMinutes(31)); // past a hold's lifetime: their instance never charged them
        admitted(budgetAsk(worst));
        assertThat(heldUsd()).isEqualByComparingTo("0.60");
    }

    @Test
    void tokensChargedAfterTheAnswerCountAgainstTheNextPrompt() {
        SharedKeyLimits.Admission admission = admitted(ask("team", 0, 1000, 600, null, null));
        assertThat(admission.tokensLeft()).isEqualTo(1000);
        limits.charge(admission, 900, BigDecimal.ZERO);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SharedKeyLimits.Verdict next = limits.admit(ask("team", 0, 1000, 200, null, null));
            assertThat(next).isInstanceOfSatisfying(SharedKeyLimits.Refusal.class, refusal -> {
                assertThat(refusal.limit()).isEqualTo("tpm");
                assertThat(refusal.waitMillis()).isEqualTo(6000); // 100 tokens missing at 1000 a minute
            });
        });
    }

    @Test
    void aKeyFarFromItsLimitsIsAdmittedFromLeasesThatRedisHoldsForIt() {
        long callsBefore = scriptCalls();
        SharedKeyLimits.Ask far = ask("team", 1_000_000, 10_000_000, 100, new BigDecimal("1000"), new BigDecimal("0.001"));
        List<SharedKeyLimits.Admission> inFlight = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inFlight.add(admitted(far));
        }
        // one script call grants the next 64 requests (SharedKeyLimits.LEASE_SIZE): not one call each
        assertThat(scriptCalls() - callsBefore).isLessThan(20);
        // what was admitted here is taken in Redis, for every instance to see: the requests from the
        // bucket, and at least every request's worst case held from the budget
        assertThat(Double.parseDouble(redis.sync().hget("gateway:{key:team}:rpm", "tokens"))).isLessThanOrEqualTo(1_000_000 - 200);
        assertThat(heldUsd()).isGreaterThanOrEqualTo(new BigDecimal("0.200"));
        inFlight.forEach(admission -> limits.charge(admission, 150, new BigDecimal("0.0005")));
        // leases end within a second; once their requests have ended their holds are released
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heldUsd()).isEqualByComparingTo("0"));
        assertThat(redis.sync().hget("gateway:{key:team}:budget:monthly:2026-12-01", "spent")).isEqualTo("100000000");
    }

    @Test
    void aShutdownLeavesNoLeaseHoldBehind() {
        SharedKeyLimits.Ask far = ask("team", 1_000_000, 0, 0, new BigDecimal("1000"), new BigDecimal("0.001"));
        SharedKeyLimits.Admission first = admitted(far);
        SharedKeyLimits.Admission second = admitted(far);
        assertThat(heldUsd()).isGreaterThan(new BigDecimal("0.002")); // a lease's share held besides the first's own
        limits.release(first);
        limits.release(second);
        limits.closeLeases(); // as Spring does before RedisLink's shutdown sends what is queued
        link.destroy();
        assertThat(redis.sync().hget("gateway:{key:team}:budget:monthly:2026-12-01", "held")).isEqualTo("0");
    }

    @Test
    void leasesNeverAdmitMoreThanTheLimitFromManyThreads() throws Exception {
        List<Future<SharedKeyLimits.Verdict>> asked = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3200; i++) {
                asked.add(threads.submit(() -> limits.admit(ask("team", 2000, 0, 0, null, null))));
            }
        }
        long admitted = 0;
        for (Future<SharedKeyLimits.Verdict> verdict : asked) {
            if (verdict.get() instanceof SharedKeyLimits.Admission) {
                admitted++;
            }
        }
        // leases are granted only while 16 leases' worth is left; a lease that expires unused strands
        // its requests (at most one lease's worth here), never admits beyond the bucket
        assertThat(admitted).isBetween(2000L - SharedKeyLimits.LEASE_SIZE, 2000L);
    }

    private SharedKeyLimits.Ask budgetAsk(BigDecimal worstCase) {
        return ask("team", 0, 0, 0, new BigDecimal("1.00"), worstCase);
    }

    private static SharedKeyLimits.Ask ask(String key, int rpm, int tpm, long estimate, BigDecimal budget, BigDecimal worstCase) {
        return new SharedKeyLimits.Ask(key, rpm, tpm, estimate, budget, worstCase, BigDecimal.ZERO, "monthly",
                PERIOD_START, PERIOD_END);
    }

    private SharedKeyLimits.Admission admitted(SharedKeyLimits.Ask ask) {
        SharedKeyLimits.Verdict verdict = limits.admit(ask);
        assertThat(verdict).isInstanceOf(SharedKeyLimits.Admission.class);
        return (SharedKeyLimits.Admission) verdict;
    }

    private BigDecimal heldUsd() {
        return limits.held("team", "monthly", PERIOD_START);
    }

    /** EVALSHA and EVAL calls Redis has run, from INFO commandstats. */
    private long scriptCalls() {
        Matcher calls = Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+)").matcher(redis.sync().info("commandstats"));
        long total = 0;
        while (calls.find()) {
            total += Long.parseLong(calls.group(1));
        }
        return total;
    }
}
