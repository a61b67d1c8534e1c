package dev.selfheal.receiver.backtest;

import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.playbook.Playbook;
import java.time.Instant;

/** The scorer's verdict on a playbook's rendered confirm query as of a time, with no data after it. */
interface Verdicts {

    Verdict asOf(String query, Playbook.Confirm confirm, Instant end);
}
