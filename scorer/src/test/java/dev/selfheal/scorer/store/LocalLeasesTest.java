package dev.selfheal.scorer.store;

import java.time.Clock;

class LocalLeasesTest extends LeasesContract {

    private final LocalLeases leases = new LocalLeases(Clock.systemUTC());

    @Override
    protected Leases leases() {
        return leases;
    }

    @Override
    protected String prefix() {
        return "local";
    }
}
