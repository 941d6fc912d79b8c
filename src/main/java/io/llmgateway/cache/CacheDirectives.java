package io.llmgateway.cache;

import io.llmgateway.core.ExchangeProperties;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What the caller asked of the cache for one request. The HTTP door reads them from headers;
 * other doors may set {@link #PROPERTY} from their own metadata (none does yet).
 *
 * <ul>
 *   <li>{@code Cache-Control: no-cache}: do not answer from the cache; ask the provider and refresh the entry.</li>
 *   <li>{@code Cache-Control: no-store}: do not keep this answer.</li>
 *   <li>{@code X-Gateway-Cache-Enabled: true}: opt in, for aliases with the {@code selective} strategy.</li>
 * </ul>
 */
@Component("cacheDirectives")
public class CacheDirectives {

    public record Directives(boolean noCache, boolean noStore, boolean optIn) {
        public static final Directives NONE = new Directives(false, false, false);
    }

    public void fromHttp(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.CACHE_DIRECTIVES, parse(
                exchange.getIn().getHeader("Cache-Control", String.class),
                exchange.getIn().getHeader("X-Gateway-Cache-Enabled", String.class)));
    }

    static Directives parse(String cacheControl, String optIn) {
        boolean noCache = false;
        boolean noStore = false;
        if (cacheControl != null) {
            for (String directive : cacheControl.split(",")) {
                String name = directive.strip().toLowerCase(Locale.ROOT);
                int eq = name.indexOf('=');
                name = eq >= 0 ? name.substring(0, eq).strip() : name;
                noCache |= name.equals("no-cache");
                noStore |= name.equals("no-store");
            }
        }
        return new Directives(noCache, noStore, optIn != null && optIn.strip().equalsIgnoreCase("true"));
    }

    static Directives of(Exchange exchange) {
        Directives directives = exchange.getProperty(ExchangeProperties.CACHE_DIRECTIVES, Directives.class);
        return directives == null ? Directives.NONE : directives;
    }
}
