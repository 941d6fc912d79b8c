package io.llmgateway.resilience;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Providers an operator switched off at runtime (POST /admin/providers/{id}/disable); lost on restart. */
@Component
public class ProviderSwitches {

    private final Set<String> disabled = ConcurrentHashMap.newKeySet();

    public boolean isDisabled(String providerId) {
        return disabled.contains(providerId);
    }

    public void disable(String providerId) {
        disabled.add(providerId);
    }

    public void enable(String providerId) {
        disabled.remove(providerId);
    }
}
