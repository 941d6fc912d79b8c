package io.llmgateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.stream.Stream;

/**
 * One append-only result file (output or errors). It is also the checkpoint: a line is finished
 * exactly when its record is in here, so a restart reads the line numbers back and never runs a
 * finished line again. A record torn by a crash (no final newline) is cut off and redone.
 */
final class BatchOutput implements AutoCloseable {

    private final Path file;
    private final OutputStream out;
    private long records;

    private BatchOutput(Path file, OutputStream out, long records) {
        this.file = file;
        this.out = out;
        this.records = records;
    }

    /** Opens for appending after reading back which lines earlier runs finished into {@code finished}. */
    static BatchOutput open(Path file, BitSet finished) throws IOException {
        long records = 0;
        if (Files.exists(file)) {
            cutTornTail(file);
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (!line.isBlank()) {
                        JsonNode record = Json.MAPPER.readTree(line);
                        finished.set((int) lineNumber(record.path("id").asText()));
                        records++;
                    }
                }
            }
        }
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new BatchOutput(file, out, records);
    }

    /** The record id carries the input line number after its last '_'. */
    static String recordId(String batchKey, long lineNumber) {
        return "batch_req_" + batchKey + "_" + lineNumber;
    }

    static long lineNumber(String recordId) {
        return Long.parseLong(recordId.substring(recordId.lastIndexOf('_') + 1));
    }

    /** One whole record per write, flushed, so a crash loses at most the record being written. */
    synchronized void append(Object record) {
        byte[] json = Json.write(record);
        try {
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            out.write(line);
            out.flush();
            records++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    synchronized long records() {
        return records;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private static void cutTornTail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long end = raf.length();
            long keep = end;
            while (keep > 0) {
                raf.seek(keep - 1);
                if (raf.read() == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                raf.setLength(keep);
            }
        }
    }
}
