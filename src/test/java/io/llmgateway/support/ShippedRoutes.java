package io.llmgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A temporary copy of the shipped routes/ folder, for tests that edit route files without touching the worktree's. */
public final class ShippedRoutes {

    private ShippedRoutes() {
    }

    public static Path copy(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file : files.filter(Predicate.not(Files::isDirectory)).toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
