package io.llmgateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.core.GatewayProperties.Deployment;
import io.llmgateway.core.GatewayProperties.Model;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness (/actuator/health/readiness): UP while every model callers can use has at least one
 * provider, among its deployments and fallbacks, that is not disabled and whose circuit is not open.
 * Models that are off by configuration (no API key) do not count.
 */
@Component("providerAvailability")
public class ProviderReadiness implements HealthIndicator {

    private final ModelCatalog catalog;
    private final ProviderSwitches switches;
    private final ProviderBreakers breakers;

    public ProviderReadiness(ModelCatalog catalog, ProviderSwitches switches, ProviderBreakers breakers) {
        this.catalog = catalog;
        this.switches = switches;
        this.breakers = breakers;
    }

    @Override
    public Health health() {
        List<String> stranded = new ArrayList<>();
        for (Model model : catalog.models()) {
            if (catalog.isServable(model) && !hasUsableProvider(model)) {
                stranded.add(model.getName());
            }
        }
        return (stranded.isEmpty() ? Health.up() : Health.down()).withDetail("modelsWithoutProvider", stranded).build();
    }

    private boolean hasUsableProvider(Model model) {
        List<Model> chain = new ArrayList<>();
        chain.add(model);
        model.getFallbacks().forEach(name -> chain.add(catalog.model(name)));
        for (Model alias : chain) {
            for (Deployment target : alias.targets()) {
                String id = target.getProvider();
                CircuitBreaker.State state = breakers.breaker(id).getState();
                if (ModelCatalog.isAvailable(catalog.provider(id)) && !switches.isDisabled(id)
                        && state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN) {
                    return true;
                }
            }
        }
        return false;
    }
}
