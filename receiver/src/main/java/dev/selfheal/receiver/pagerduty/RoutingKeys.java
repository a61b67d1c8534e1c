package dev.selfheal.receiver.pagerduty;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where routing keys come from: a playbook's own key file, else the global key file
 * ({@code SELFHEAL_PAGERDUTY_ROUTING_KEY_FILE}), else the global key
 * ({@code SELFHEAL_PAGERDUTY_ROUTING_KEY}). Files are read when an event is sent, so a rotated key
 * takes effect without a restart. Keys are never logged, stored or returned.
 */
@ApplicationScoped
public class RoutingKeys {

    private final ReceiverConfig.PagerDuty config;

    public RoutingKeys(ReceiverConfig config) {
        this.config = config.pagerduty();
    }

    public Optional<String> forPlaybook(Optional<Path> playbookKeyFile) {
        if (playbookKeyFile.isPresent()) {
            return read(playbookKeyFile.get());
        }
        if (config.routingKeyFile().isPresent()) {
            return read(config.routingKeyFile().get());
        }
        return config.routingKey().map(String::strip).filter(k -> !k.isEmpty());
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip()).filter(k -> !k.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
