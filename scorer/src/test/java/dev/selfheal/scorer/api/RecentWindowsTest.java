package dev.selfheal.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.scorer.prometheus.PrometheusUnavailableException;
import dev.selfheal.scorer.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecentWindowsTest {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

    private final List<Runnable> background = new java.util.ArrayList<>();
    private final RecentWindows windows = new RecentWindows(background::add);

    private void runBackground() {
        List<Runnable> tasks = List.copyOf(background);
        background.clear();
        tasks.forEach(Runnable::run);
    }
    private final AtomicInteger fetches = new AtomicInteger();

    private Supplier<List<Series>> fetch(String name) {
        return () -> {
            fetches.incrementAndGet();
            return List.of(new Series(Map.of("__name__", name), new double[] {1}, new double[] {1}));
        };
    }

    private List<Series> get(Instant end, String name) {
        return windows.get("q", WINDOW, STEP, end, null, fetch(name));
    }

    @Test
    void aRequestLessThanOneStepAfterTheLastFetchReusesIt() {
        List<Series> first = get(T0, "a");
        assertThat(get(T0.plusSeconds(14), "b")).isSameAs(first);
        assertThat(windows.peek("q", WINDOW, STEP, T0.plusMillis(14_999))).isSameAs(first);
        assertThat(fetches).hasValue(1);
        assertThat(background).isEmpty();
    }

    @Test
    void crossingTheGridPointAnswersWithTheWindowBeforeWhileTheNewOneIsFetchedInTheBackground() {
        List<Series> first = get(T0, "a");
        assertThat(get(T0.plusSeconds(15), "b")).as("no wait at the grid point").isSameAs(first);
        assertThat(background).hasSize(1);
        assertThat(get(T0.plusSeconds(16), "x")).isSameAs(first);
        assertThat(windows.peek("q", WINDOW, STEP, T0.plusSeconds(16))).isSameAs(first);
        assertThat(fetches).as("one fetch in flight, not one per request").hasValue(1);

        runBackground();
        assertThat(fetches).hasValue(2);
        assertThat(windows.peek("q", WINDOW, STEP, T0.plusSeconds(16)).get(0).labels()).containsEntry("__name__", "b");
        assertThat(windows.peek("q", WINDOW, STEP, T0.plusSeconds(14))).as("the older window is replaced").isNull();
    }

    @Test
    void aWindowMoreThanAStepOldIsNotAnsweredWith() {
        get(T0, "a");
        assertThat(get(T0.plusSeconds(30), "b").get(0).labels()).containsEntry("__name__", "b");
        assertThat(background).isEmpty();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedBackgroundFetchIsNotKept() {
        List<Series> first = get(T0, "a");
        assertThat(windows.get("q", WINDOW, STEP, T0.plusSeconds(15), null, () -> {
            throw new PrometheusUnavailableException("Prometheus is unreachable", null);
        })).isSameAs(first);
        runBackground();
        assertThat(windows.peek("q", WINDOW, STEP, T0.plusSeconds(16))).isNull();
        assertThat(get(T0.plusSeconds(16), "c").get(0).labels()).containsEntry("__name__", "c");
    }

    @Test
    void theWindowIsReusedUntilTheNextGridPointOfTheQuerysSeries() {
        List<Series> first = windows.get("q", WINDOW, STEP, T0, T0.plusSeconds(4), fetch("a"));
        assertThat(get(T0.plusSeconds(3), "b")).isSameAs(first);
        get(T0.plusSeconds(4), "c");
        assertThat(background).as("the series have a new point at +4 s").hasSize(1);
        runBackground();
        assertThat(fetches).hasValue(2);
        windows.get("q", WINDOW, STEP, T0.plusSeconds(60), T0.plusSeconds(120), fetch("d"));
        assertThat(windows.peek("q", WINDOW, STEP, T0.plusSeconds(75))).as("never more than a step").isNull();
    }

    @Test
    void anotherWindowStepOrQueryIsFetchedOnItsOwn() {
        get(T0, "a");
        windows.get("q", Duration.ofHours(2), STEP, T0, null, fetch("b"));
        windows.get("q", WINDOW, Duration.ofSeconds(30), T0, null, fetch("c"));
        windows.get("other", WINDOW, STEP, T0, null, fetch("d"));
        assertThat(fetches).hasValue(4);
    }

    @Test
    void anEarlierEndIsFetchedAndDoesNotReplaceTheNewerWindow() {
        List<Series> newer = get(T0, "a");
        assertThat(get(T0.minusSeconds(1), "b").get(0).labels()).containsEntry("__name__", "b");
        assertThat(get(T0.minusSeconds(1), "c").get(0).labels()).as("never kept").containsEntry("__name__", "c");
        assertThat(get(T0.plusSeconds(1), "d")).isSameAs(newer);
        assertThat(fetches).hasValue(3);
    }

    @Test
    void aFailedFetchIsNotKept() {
        assertThatThrownBy(() -> windows.get("q", WINDOW, STEP, T0, null, () -> {
            throw new PrometheusUnavailableException("Prometheus is unreachable", null);
        })).isInstanceOf(PrometheusUnavailableException.class);
        assertThat(windows.peek("q", WINDOW, STEP, T0)).isNull();
        get(T0, "a");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void requestsArrivingWhileTheWindowIsFetchedWaitForThatOneFetch() throws Exception {
        CountDownLatch inFetch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<List<Series>> first = pool.submit(() -> windows.get("q", WINDOW, STEP, T0, null, () -> {
                fetches.incrementAndGet();
                inFetch.countDown();
                await(release);
                return List.of(new Series(Map.of("__name__", "slow"), new double[] {1}, new double[] {1}));
            }));
            assertThat(inFetch.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(windows.peek("q", WINDOW, STEP, T0)).as("not fetched yet").isNull();
            List<Future<List<Series>>> joined = List.of(
                    pool.submit(() -> get(T0.plusSeconds(1), "x")),
                    pool.submit(() -> get(T0.plusSeconds(2), "y")),
                    pool.submit(() -> get(T0.plusSeconds(3), "z")));
            release.countDown();
            List<Series> answer = first.get(10, TimeUnit.SECONDS);
            for (Future<List<Series>> f : joined) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(answer);
            }
            assertThat(fetches).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
