package io.llmgateway.server;

import java.util.Set;
import java.util.function.BiFunction;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Defaults worked out from other settings when they are asked for, not when the environment is
 * prepared, so test and command-line settings made later still count. The source is the last one
 * asked: the same name set anywhere else wins.
 */
public final class LazyDefaults extends PropertySource<Object> {

    // Kept in a field, not as the source: Spring Boot walks into sources that are environments,
    // and this one lives inside the environment it reads.
    private final ConfigurableEnvironment environment;
    private final Set<String> names;
    private final BiFunction<String, ConfigurableEnvironment, Object> answer;

    private LazyDefaults(String sourceName, ConfigurableEnvironment environment, Set<String> names,
                         BiFunction<String, ConfigurableEnvironment, Object> answer) {
        super(sourceName, new Object());
        this.environment = environment;
        this.names = names;
        this.answer = answer;
    }

    /** Adds a source answering {@code names} with {@code answer(name, environment)}, last in order. */
    public static void addLast(ConfigurableEnvironment environment, String sourceName, Set<String> names,
                               BiFunction<String, ConfigurableEnvironment, Object> answer) {
        environment.getPropertySources().addLast(new LazyDefaults(sourceName, environment, names, answer));
    }

    @Override
    public Object getProperty(String name) {
        return names.contains(name) ? answer.apply(name, environment) : null;
    }
}
