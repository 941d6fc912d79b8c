package io.llmgateway.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/** Writes money as a plain JSON number (0.00000825, never 8.25E-6), which is what people read. */
public class PlainDecimal extends StdSerializer<BigDecimal> {

    public PlainDecimal() {
        super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeNumber(value.stripTrailingZeros().toPlainString());
    }
}
