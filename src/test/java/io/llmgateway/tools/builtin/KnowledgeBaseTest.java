package io.llmgateway.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.tools.ToolProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseTest {

    @TempDir
    Path dir;

    private KnowledgeBase base() {
        ToolProperties properties = new ToolProperties();
        properties.getKnowledge().setDir(dir.toString());
        return new KnowledgeBase(properties);
    }

    @Test
    void theSectionMatchingMostQueryTermsComesFirst() throws IOException {
        Files.writeString(dir.resolve("hr.md"), """
                # Holidays
                Staff get 25 days of paid holiday per year.

                # Expenses
                Submit expenses within 30 days with receipts.
                """);
        Files.writeString(dir.resolve("it.md"), """
                # Laptops
                Laptops are replaced every 3 years. Lost laptops must be reported the same day.
                """);

        List<KnowledgeBase.Hit> hits = base().find("how many holiday days do staff get", 3);

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).section().heading()).isEqualTo("Holidays");
        assertThat(hits.get(0).section().file()).isEqualTo("hr.md");
        assertThat(base().find("replaced laptop", 3).get(0).section().heading()).isEqualTo("Laptops");
        assertThat(base().find("quantum chromodynamics", 3)).isEmpty();
    }

    @Test
    void editsToTheFolderAreSeenWithoutARestart() throws IOException {
        Path doc = dir.resolve("notes.md");
        Files.writeString(doc, "# Wifi\nThe guest network is ACME-guest.\n");
        KnowledgeBase base = base();
        assertThat(base.find("parking", 3)).isEmpty();

        Files.writeString(doc, "# Parking\nVisitor parking is on level -2.\n");
        Files.setLastModifiedTime(doc, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        Map<String, Object> answer = base.search(Map.of("query", "visitor parking"));
        assertThat(answer.get("results").toString()).contains("level -2");
    }

    @Test
    void aMissingFolderAnswersWithNoResultsAndANote() {
        ToolProperties properties = new ToolProperties();
        properties.getKnowledge().setDir(dir.resolve("absent").toString());
        Map<String, Object> answer = new KnowledgeBase(properties).search(Map.of("query", "anything"));
        assertThat((List<?>) answer.get("results")).isEmpty();
        assertThat(answer).containsKey("note");
    }
}
