package io.llmgateway.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's own scripts and styles (classpath:console/) and its pinned WebJars (Preact, htm,
 * uPlot), all under /admin/ui so AdminGuard asks for the session or the admin key before serving them.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/admin/ui/app/**").addResourceLocations("classpath:/console/");
        registry.addResourceHandler("/admin/ui/lib/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/", "classpath:/META-INF/resources/_static/");
    }
}
