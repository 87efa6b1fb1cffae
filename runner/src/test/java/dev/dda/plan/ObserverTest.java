package dev.dda.plan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Address;
import dev.dda.target.TargetException;
import org.junit.jupiter.api.Test;

class ObserverTest {
    @Test
    void run_whenObservationsFail_listsEachFailureOnceUnderItsAddress() {
        Observer observer = new Observer();
        observer.add(Address.parse("account.portal"), () -> {
            throw new TargetException("account.portal: the credentials act in account 1, but the spec declares 2");
        });
        observer.add(Address.parse("deployment.line-1"), () -> {
            throw new TargetException("greengrass:ListCoreDevices failed: throttled");
        });

        assertThatThrownBy(() -> observer.run(2)).isInstanceOf(PlanException.class).hasMessage(
                "could not read the actual state of 2 resources:\n"
                        + "  account.portal: the credentials act in account 1, but the spec declares 2\n"
                        + "  deployment.line-1: greengrass:ListCoreDevices failed: throttled");
    }
}
