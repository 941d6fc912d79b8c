package io.llmgateway.http;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request with its body behind a {@link LimitedBody}. When the filter inflated the body, the
 * wire's Content-Encoding and Content-Length no longer describe it, so they are hidden: nothing
 * downstream inflates again or sizes a buffer from the compressed length.
 */
final class LimitedRequest extends HttpServletRequestWrapper {

    private final LimitedBody body;
    private final boolean inflated;

    LimitedRequest(HttpServletRequest request, LimitedBody body, boolean inflated) {
        super(request);
        this.body = body;
        this.inflated = inflated;
    }

    @Override
    public ServletInputStream getInputStream() {
        return body;
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(body, charset));
    }

    @Override
    public int getContentLength() {
        return inflated ? -1 : super.getContentLength();
    }

    @Override
    public long getContentLengthLong() {
        return inflated ? -1 : super.getContentLengthLong();
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        if (!inflated) {
            return super.getHeaderNames();
        }
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(this::hidden);
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        return hidden(name) ? -1 : super.getIntHeader(name);
    }

    private boolean hidden(String name) {
        return inflated && ("Content-Encoding".equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name));
    }
}
