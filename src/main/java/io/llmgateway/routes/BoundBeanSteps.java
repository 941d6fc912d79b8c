package io.llmgateway.routes;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BeanScope;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.spi.BeanProcessorFactory;
import org.apache.camel.spi.IdAware;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.MessageHelper;
import org.apache.camel.support.PluginHelper;
import org.springframework.stereotype.Component;

/**
 * The routes' {@code bean} steps, bound once instead of on every call. Camel's bean step finds the
 * method, binds its parameters and calls it by reflection for each exchange: about a tenth of a
 * request's CPU, over the twenty-odd bean steps a chat request passes. Almost all of ours have one
 * shape, {@code void method(Exchange)} on a singleton bean named by {@code ref}, optionally with
 * quoted constants after the exchange ({@code "acquire(*, 'openai')"}); those become a method
 * handle bound to the bean and its constants when the route is built. Every other shape (a return
 * value that becomes the body, parameter binding from the body or headers, overloads, scopes other
 * than singleton, beans that are Camel services) goes to Camel's own factory, so the YAML means what Camel's documentation says.
 */
@Component
public class BoundBeanSteps implements BeanProcessorFactory, CamelContextConfiguration {

    private BeanProcessorFactory camels;

    /** Replaces the factory before the routes are built, keeping Camel's for what it does not bind. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (camels == null) {
            camels = PluginHelper.getBeanProcessorFactory(camelContext);
            camelContext.getCamelContextExtension().addContextPlugin(BeanProcessorFactory.class, this);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    @Override
    public Processor createBeanProcessor(CamelContext camelContext, Object bean, Method method) throws Exception {
        return camels.createBeanProcessor(camelContext, bean, method);
    }

    @Override
    public Processor createBeanProcessor(CamelContext camelContext, Object bean, String beanType, Class<?> beanClass,
                                         String ref, String method, BeanScope scope) throws Exception {
        // Camel's processor first: it checks the bean and the method exist, with its own messages
        Processor general = camels.createBeanProcessor(camelContext, bean, beanType, beanClass, ref, method, scope);
        if (ref == null || ref.isBlank() || method == null || scope != BeanScope.Singleton) {
            return general;
        }
        Object target = camelContext.getRegistry().lookupByName(ref);
        // a bean that is a Camel Service is started and stopped by Camel's processor: keep that one
        Processor bound = target == null || target instanceof Service ? null : bind(target, ref, method);
        return bound != null ? bound : general;
    }

    /** A bound step for {@code name} or {@code name(*, 'constant', ...)}, or null for Camel's own. */
    static Processor bind(Object target, String ref, String method) {
        int open = method.indexOf('(');
        String name = open < 0 ? method.trim() : method.substring(0, open).trim();
        List<String> constants = open < 0 ? List.of() : constants(method.substring(open));
        if (constants == null) {
            return null;
        }
        Class<?>[] parameters = new Class<?>[1 + constants.size()];
        parameters[0] = Exchange.class;
        Arrays.fill(parameters, 1, parameters.length, String.class);
        Method found = null;
        for (Method candidate : target.getClass().getMethods()) {
            if (!candidate.getName().equals(name) || Modifier.isStatic(candidate.getModifiers())) {
                continue;
            }
            if (found != null) {
                return null; // overloaded: Camel chooses
            }
            found = candidate;
        }
        if (found == null || found.getReturnType() != void.class || !Arrays.equals(found.getParameterTypes(), parameters)) {
            return null;
        }
        try {
            found.setAccessible(true); // public method of a bean class that may be package-private
            MethodHandle handle = MethodHandles.lookup().unreflect(found).bindTo(target);
            if (!constants.isEmpty()) {
                handle = MethodHandles.insertArguments(handle, 1, constants.toArray());
            }
            return new BoundStep(handle, ref + "." + method);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** {@code (*, 'a', 'b')} -> [a, b]; null for anything else (body or header binding, expressions). */
    private static List<String> constants(String arguments) {
        String inner = arguments.trim();
        if (!inner.startsWith("(") || !inner.endsWith(")")) {
            return null;
        }
        String[] parts = inner.substring(1, inner.length() - 1).split(",", -1);
        if (!parts[0].trim().equals("*")) {
            return null;
        }
        List<String> constants = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.length() < 2 || !part.startsWith("'") || !part.endsWith("'")) {
                return null;
            }
            String value = part.substring(1, part.length() - 1);
            if (value.contains("'") || value.contains("${")) {
                return null;
            }
            constants.add(value);
        }
        return constants;
    }

    /** Calls the bean as Camel's bean step would: a failure becomes the exchange's exception. */
    static final class BoundStep implements Processor, IdAware, RouteIdAware {
        private final MethodHandle handle;
        private final String name;
        private String id;
        private String routeId;

        BoundStep(MethodHandle handle, String name) {
            this.handle = handle;
            this.name = name;
        }

        @Override
        public void process(Exchange exchange) {
            try {
                // as Camel's bean step does, so a cached stream body can be read again
                MessageHelper.resetStreamCache(exchange.getIn());
                handle.invokeExact(exchange);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                exchange.setException(e);
            }
        }

        // step and route ids, as Camel gives every step, for getProcessor(id) and error messages
        @Override
        public String getId() {
            return id;
        }

        @Override
        public void setId(String id) {
            this.id = id;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public String toString() {
            return "bean[" + name + "]";
        }
    }
}
