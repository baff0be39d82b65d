package io.rynxs.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.config.OperatorSection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator runs on exactly what the configuration read: no second reading of the environment. */
class OperatorConfigTest {
    @Test
    void the_operator_config_is_the_section_the_configuration_read() {
        OperatorSection s = OperatorSection.load(Map.of("RYNXS_LEADER_ELECTION_ENABLED", "TRUE", "RYNXS_WATCH_NAMESPACES", "a,b",
                "RYNXS_LEADER_ELECTION_IDENTITY", "me", "RYNXS_RECONCILE_WORKERS", "3", "RYNXS_RECONCILE_BACKOFF_BASE", "250ms",
                "RYNXS_RECONCILE_BACKOFF_CAP", "1m", "RYNXS_RESYNC_PERIOD", "30s"));
        OperatorConfig c = OperatorConfig.of(s);
        assertThat(c.leaderElection()).isTrue();
        assertThat(c.watchNamespaces()).containsExactly("a", "b");
        assertThat(c.identity()).isEqualTo("me");
        assertThat(c.workers()).isEqualTo(3);
        assertThat(c.backoff()).isEqualTo(new Backoff(Duration.ofMillis(250), Duration.ofMinutes(1)));
        assertThat(c.resyncPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(List.of(c.leaseDuration(), c.renewDeadline(), c.retryPeriod()))
                .containsExactly(s.leaseDuration(), s.renewDeadline(), s.retryPeriod());
    }

    @Test
    void defaults_are_those_of_the_configuration() {
        OperatorConfig d = OperatorConfig.defaults();
        assertThat(d.leaderElection()).isFalse();
        assertThat(d.workers()).isEqualTo(2);
        assertThat(d.resyncPeriod()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }
}
