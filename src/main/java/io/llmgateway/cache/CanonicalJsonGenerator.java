package io.llmgateway.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * Writes the canonical form the cache key hashes, as the serialiser goes: a field whose value is
 * null is left out with its name, the top-level fields in {@code ignored} are left out whole, and
 * every number with a fraction or an exponent is written as its plain decimal without trailing
 * zeros, so 0, 0.0 and 0e0 hash alike. Key order comes from the writer's settings.
 */
final class CanonicalJsonGenerator extends JsonGeneratorDelegate {

    private final Set<String> ignored;
    /** Containers open in the output. */
    private int depth;
    /** A field name waiting for its value: dropped with it when the value is null. */
    private String pendingName;
    /** The next value belongs to an ignored field. */
    private boolean skipNext;
    /** Containers open inside an ignored value. */
    private int skipping;

    CanonicalJsonGenerator(JsonGenerator out, Set<String> ignored) {
        super(out, false); // writeObject/writeTree come back through this generator
        this.ignored = ignored;
    }

    /** Whether a scalar value is written; writes its pending field name first. */
    private boolean scalar() throws IOException {
        if (skipping > 0) {
            return false;
        }
        if (skipNext) {
            skipNext = false;
            return false;
        }
        flushName();
        return true;
    }

    private void flushName() throws IOException {
        if (pendingName != null) {
            delegate.writeFieldName(pendingName);
            pendingName = null;
        }
    }

    /** Whether a container is opened in the output. */
    private boolean open() throws IOException {
        if (skipping > 0 || skipNext) {
            skipNext = false;
            skipping++;
            return false;
        }
        flushName();
        depth++;
        return true;
    }

    /** Whether a container is closed in the output. */
    private boolean closeContainer() {
        if (skipping > 0) {
            skipping--;
            return false;
        }
        depth--;
        return true;
    }

    @Override
    public void writeFieldName(String name) {
        if (skipping > 0) {
            return;
        }
        if (depth == 1 && ignored.contains(name)) {
            skipNext = true;
        } else {
            pendingName = name;
        }
    }

    @Override
    public void writeFieldName(SerializableString name) {
        writeFieldName(name.getValue());
    }

    @Override
    public void writeNull() throws IOException {
        if (skipping > 0 || skipNext) {
            skipNext = false;
            return;
        }
        if (pendingName != null) {
            pendingName = null; // a null field is no field
            return;
        }
        delegate.writeNull(); // an array element keeps its place
    }

    @Override
    public void writeStartObject() throws IOException {
        if (open()) {
            delegate.writeStartObject();
        }
    }

    @Override
    public void writeStartObject(Object forValue) throws IOException {
        writeStartObject();
    }

    @Override
    public void writeStartObject(Object forValue, int size) throws IOException {
        writeStartObject();
    }

    @Override
    public void writeEndObject() throws IOException {
        if (closeContainer()) {
            delegate.writeEndObject();
        }
    }

    @Override
    public void writeStartArray() throws IOException {
        if (open()) {
            delegate.writeStartArray();
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public void writeStartArray(int size) throws IOException {
        writeStartArray();
    }

    @Override
    public void writeStartArray(Object forValue) throws IOException {
        writeStartArray();
    }

    @Override
    public void writeStartArray(Object forValue, int size) throws IOException {
        writeStartArray();
    }

    @Override
    public void writeEndArray() throws IOException {
        if (closeContainer()) {
            delegate.writeEndArray();
        }
    }

    @Override
    public void writeString(String text) throws IOException {
        if (scalar()) {
            delegate.writeString(text);
        }
    }

    @Override
    public void writeString(char[] text, int offset, int length) throws IOException {
        if (scalar()) {
            delegate.writeString(text, offset, length);
        }
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
        if (scalar()) {
            delegate.writeString(text);
        }
    }

    @Override
    public void writeString(Reader reader, int length) throws IOException {
        if (scalar()) {
            delegate.writeString(reader, length);
        }
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
        if (scalar()) {
            delegate.writeRawUTF8String(text, offset, length);
        }
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
        if (scalar()) {
            delegate.writeUTF8String(text, offset, length);
        }
    }

    @Override
    public void writeBoolean(boolean value) throws IOException {
        if (scalar()) {
            delegate.writeBoolean(value);
        }
    }

    @Override
    public void writeNumber(short value) throws IOException {
        if (scalar()) {
            delegate.writeNumber(value);
        }
    }

    @Override
    public void writeNumber(int value) throws IOException {
        if (scalar()) {
            delegate.writeNumber(value);
        }
    }

    @Override
    public void writeNumber(long value) throws IOException {
        if (scalar()) {
            delegate.writeNumber(value);
        }
    }

    @Override
    public void writeNumber(BigInteger value) throws IOException {
        if (scalar()) {
            delegate.writeNumber(value);
        }
    }

    @Override
    public void writeNumber(double value) throws IOException {
        if (!Double.isFinite(value)) {
            writeNumber(Double.toString(value)); // NaN/Infinity: no decimal form; cannot come from JSON anyway
        } else {
            writeNumber(BigDecimal.valueOf(value));
        }
    }

    @Override
    public void writeNumber(float value) throws IOException {
        writeNumber((double) value);
    }

    @Override
    public void writeNumber(BigDecimal value) throws IOException {
        if (scalar()) {
            delegate.writeNumber(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
        }
    }

    @Override
    public void writeNumber(String encoded) throws IOException {
        if (scalar()) {
            delegate.writeNumber(encoded);
        }
    }
}
