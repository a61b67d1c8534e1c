package dev.selfheal.receiver.episode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfheal.receiver.domain.AlertStatus;
import dev.selfheal.receiver.domain.WebhookAlert;
import dev.selfheal.receiver.domain.WebhookMessage;
import dev.selfheal.receiver.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The group commit's own promises, with the store played by a fake intake: every webhook gets
 * its own outcome, webhooks that wait together commit together (within the alert limit), and a
 * webhook the store refuses does not take the rest of its group down with it.
 */
class GroupCommitTest {

    /** Records groups; each "commit" takes a few milliseconds so that others queue behind it. */
    static final class FakeIntake implements IntakeStore {
        final List<List<String>> groups = new CopyOnWriteArrayList<>();

        @Override
        public int committers() {
            return 2;
        }

        @Override
        public List<IntakeOutcome> accept(List<AcceptedWebhook> webhooks) {
            List<WebhookMessage> messages = webhooks.stream().map(AcceptedWebhook::message).toList();
            if (messages.stream().anyMatch(m -> m.receiver().equals("poison"))) {
                throw new StoreUnavailableException("value too long for column", null);
            }
            groups.add(messages.stream().map(WebhookMessage::receiver).toList());
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the outcome names its webhook: recorded = the webhook's number, created = its alert count
            return messages.stream().map(m -> new IntakeOutcome(Integer.parseInt(m.receiver()), 0,
                    m.alerts().size(), 0)).toList();
        }
    }

    static AcceptedWebhook webhook(String name, int alerts) {
        List<WebhookAlert> list = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            TreeMap<String, String> labels = new TreeMap<>();
            labels.put("alertname", "A" + i);
            list.add(new WebhookAlert(AlertStatus.FIRING, labels, new TreeMap<>(), Instant.EPOCH, Optional.empty(),
                    "", name + "-" + i));
        }
        return new AcceptedWebhook(new WebhookMessage(name, "firing", "{}:{}", "http://am", 0, list), new byte[0],
                Instant.EPOCH);
    }

    @Test
    void concurrentWebhooksCommitTogetherAndEachGetsItsOwnOutcome() throws Exception {
        FakeIntake intake = new FakeIntake();
        GroupCommit commit = new GroupCommit(intake, 2, 50);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IntakeOutcome>> answers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            answers.add(pool.submit(() -> {
                go.await();
                return commit.record(webhook(String.valueOf(n), 1 + n % 10));
            }));
        }
        go.countDown();
        for (int i = 0; i < answers.size(); i++) {
            IntakeOutcome outcome = answers.get(i).get();
            assertEquals(i, outcome.recorded(), "webhook " + i + " got another webhook's outcome");
            assertEquals(1 + i % 10, outcome.created());
        }
        pool.shutdown();
        List<String> all = new ArrayList<>();
        intake.groups.forEach(all::addAll);
        Collections.sort(all);
        assertEquals(400, all.size(), "every webhook committed exactly once");
        assertEquals(400, all.stream().distinct().count());
        int largest = intake.groups.stream().mapToInt(List::size).max().orElse(0);
        assertTrue(largest > 1, "webhooks waiting together were committed together");
        for (List<String> group : intake.groups) {
            int alerts = group.stream().mapToInt(n -> 1 + Integer.parseInt(n) % 10).sum();
            assertTrue(alerts <= 50, "a group of " + alerts + " alerts is over the limit of 50");
        }
    }

    @Test
    void aWebhookBiggerThanTheLimitCommitsAlone() {
        FakeIntake intake = new FakeIntake();
        GroupCommit commit = new GroupCommit(intake, 1, 10);
        assertEquals(7, commit.record(webhook("7", 25)).recorded());
        assertEquals(List.of(List.of("7")), intake.groups);
    }

    @Test
    void aRefusedWebhookFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
        FakeIntake intake = new FakeIntake();
        GroupCommit commit = new GroupCommit(intake, 1, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IntakeOutcome>> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = i == 30 ? "poison" : String.valueOf(i);
            answers.add(pool.submit(() -> {
                go.await();
                return commit.record(webhook(name, 2));
            }));
        }
        go.countDown();
        for (int i = 0; i < answers.size(); i++) {
            if (i == 30) {
                Future<IntakeOutcome> poisoned = answers.get(i);
                Exception e = assertThrows(Exception.class, poisoned::get);
                assertTrue(e.getCause() instanceof StoreUnavailableException, e.toString());
            } else {
                assertEquals(i, answers.get(i).get().recorded());
            }
        }
        pool.shutdown();
    }

    @Test
    void afterShutdownAWebhookIsRefusedForAlertmanagerToSendAgain() {
        FakeIntake intake = new FakeIntake();
        GroupCommit commit = new GroupCommit(intake, 1, 100);
        assertEquals(1, commit.record(webhook("1", 1)).recorded());
        commit.stop(null);
        assertThrows(StoreUnavailableException.class, () -> commit.record(webhook("2", 1)));
    }
}
