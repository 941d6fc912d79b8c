package io.llmgateway.responsesdoor;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Ids in OpenAI's forms (resp_..., msg_..., fc_...): 128 random bits, no secrecy needed. */
final class ResponseIds {

    private ResponseIds() {
    }

    static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return prefix + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
    }
}
