package io.llmgateway.tools.builtin;

import io.llmgateway.tools.ToolProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The knowledge-search tool: term scoring (TF-IDF) over the sections of the Markdown and text
 * files in gateway.tools.knowledge.dir. The folder is re-read when a file in it changes, so
 * editing the documents needs no restart. Meant for small folders (a team's FAQ, runbooks).
 */
@Component("knowledgeBase")
public class KnowledgeBase {

    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "of", "to", "in", "on", "for",
            "is", "are", "was", "be", "it", "this", "that", "with", "as", "at", "by", "what", "how", "do", "does",
            "i", "you", "we", "my", "our", "can", "from");
    private static final int SNIPPET = 1200;

    private final ToolProperties properties;
    private volatile Index index;

    public KnowledgeBase(ToolProperties properties) {
        this.properties = properties;
    }

    /** Tool entry point: {@code {"query": "..."}} -> the best-matching sections, best first. */
    public Map<String, Object> search(Map<String, Object> arguments) {
        String query = String.valueOf(arguments.get("query"));
        List<Map<String, Object>> results = new ArrayList<>();
        for (Hit hit : find(query, properties.getKnowledge().getMaxResults())) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("source", hit.section().file());
            result.put("section", hit.section().heading());
            result.put("score", Math.round(hit.score() * 1000) / 1000.0);
            String text = hit.section().text();
            result.put("text", text.length() > SNIPPET ? text.substring(0, SNIPPET) + " ..." : text);
            results.add(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query", query);
        answer.put("results", results);
        if (results.isEmpty()) {
            answer.put("note", "No document matches; answer without it or ask the user.");
        }
        return answer;
    }

    public record Section(String file, String heading, String text, Map<String, Integer> terms) {
    }

    public record Hit(Section section, double score) {
    }

    public List<Hit> find(String query, int limit) {
        Index current = current();
        Set<String> wanted = new LinkedHashSet<>(terms(query));
        List<Hit> hits = new ArrayList<>();
        int n = current.sections().size();
        for (Section section : current.sections()) {
            double score = 0;
            for (String term : wanted) {
                Integer tf = section.terms().get(term);
                if (tf != null) {
                    double idf = Math.log(1 + (double) n / current.documentFrequency().getOrDefault(term, 1));
                    score += (1 + Math.log(tf)) * idf;
                }
            }
            if (score > 0) {
                hits.add(new Hit(section, score));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return hits.subList(0, Math.min(limit, hits.size()));
    }

    private Index current() {
        Path dir = Path.of(properties.getKnowledge().getDir());
        FileTime stamp = stamp(dir);
        Index known = index;
        if (known != null && known.stamp().equals(stamp)) {
            return known;
        }
        Index fresh = load(dir, stamp);
        index = fresh;
        return fresh;
    }

    /** The newest modification time in the folder plus the file count, so edits, additions and removals all show. */
    private static FileTime stamp(Path dir) {
        if (!Files.isDirectory(dir)) {
            return FileTime.fromMillis(-1);
        }
        try (Stream<Path> files = documents(dir)) {
            long[] newest = {0, 0};
            files.forEach(file -> {
                newest[1]++;
                try {
                    newest[0] = Math.max(newest[0], Files.getLastModifiedTime(file).toMillis());
                } catch (IOException ignored) {
                    // vanished between listing and reading: the next call sees the new state
                }
            });
            return FileTime.fromMillis(newest[0] * 31 + newest[1]);
        }
    }

    private static Index load(Path dir, FileTime stamp) {
        List<Section> sections = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = documents(dir)) {
                for (Path file : files.sorted().toList()) {
                    sections.addAll(sections(dir.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the knowledge folder " + dir, e);
            }
        }
        Map<String, Integer> df = new HashMap<>();
        for (Section section : sections) {
            section.terms().keySet().forEach(term -> df.merge(term, 1, Integer::sum));
        }
        return new Index(stamp, sections, df);
    }

    private static Stream<Path> documents(Path dir) {
        try {
            return Files.walk(dir, 3).filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".txt"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the knowledge folder " + dir, e);
        }
    }

    /** Splits a Markdown document at its headings; each section keeps the heading path it sits under. */
    static List<Section> sections(String file, String text) {
        List<Section> sections = new ArrayList<>();
        String heading = file;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (line.startsWith("#")) {
                add(sections, file, heading, body);
                heading = line.replaceFirst("^#+\\s*", "").trim();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        add(sections, file, heading, body);
        return sections;
    }

    private static void add(List<Section> sections, String file, String heading, StringBuilder body) {
        String text = body.toString().trim();
        if (text.isEmpty()) {
            return;
        }
        Map<String, Integer> terms = new HashMap<>();
        for (String term : terms(heading + " " + heading + " " + text)) { // a heading word counts double
            terms.merge(term, 1, Integer::sum);
        }
        sections.add(new Section(file, heading, text, terms));
    }

    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 1 && !STOP_WORDS.contains(word)) {
                terms.add(stem(word));
            }
        }
        return terms;
    }

    /** A light plural stem, so "refunds" finds "refund". */
    private static String stem(String word) {
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private record Index(FileTime stamp, List<Section> sections, Map<String, Integer> documentFrequency) {
    }
}
