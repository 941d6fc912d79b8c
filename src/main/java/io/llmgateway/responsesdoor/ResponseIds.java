package io.llmgateway.responsesdoor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Ids in OpenAI's forms (resp_..., msg_..., fc_...): 128 random bits, no secrecy needed. */
final class ResponseIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private ResponseIds() {
    }

    /** The prefix and 32 hex digits, written into one array (a few of these on every request). */
    static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int at = prefix.length();
        byte[] id = new byte[at + 32];
        for (int i = 0; i < at; i++) {
            id[i] = (byte) prefix.charAt(i);
        }
        hex(random.nextLong(), id, at);
        hex(random.nextLong(), id, at + 16);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static void hex(long bits, byte[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
