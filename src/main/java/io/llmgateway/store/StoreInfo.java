package io.llmgateway.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start which database holds the keys and the ledger. The URL is logged without its query
 * part, where a password could be (jdbc:postgresql://host/db?password=...); the user name is not logged.
 */
@Component
public class StoreInfo {

    private static final Logger LOG = LoggerFactory.getLogger(StoreInfo.class);

    private final DataSource dataSource;

    public StoreInfo(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            LOG.info("Store: {} {} at {}", meta.getDatabaseProductName(), meta.getDatabaseProductVersion(), safeUrl(meta.getURL()));
        } catch (SQLException e) {
            LOG.warn("Store: cannot reach the database: {}", e.getMessage());
        }
    }

    static String safeUrl(String url) {
        if (url == null) {
            return "?";
        }
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }
}
