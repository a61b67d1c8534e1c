package dev.selfheal.receiver.episode;

import io.quarkus.test.junit.QuarkusTest;

/** The intake contract on the embedded H2 file store (the default). */
@QuarkusTest
class IntakeH2Test extends IntakeContract {
}
