package io.llmgateway.http;

import io.llmgateway.chat.RequestBodies;
import io.llmgateway.error.GatewayException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces gateway.max-body-size on the request stream, before camel-platform-http copies the
 * whole body into memory: a Content-Length over the limit is refused unread; a chunked body is
 * counted as it is read and refused at the first byte past the limit; a gzip or deflate body is
 * inflated here, and the inflated bytes count against the same limit (a 10 KB "zip bomb" that
 * inflates to 10 GB stops at the limit). Other content codings get 415.
 *
 * <p>Compressed bodies are inflated rather than refused because the gateway always accepted them
 * (Camel gunzipped them) and a client may compress a large prompt; capping the inflated size
 * removes the danger. Inflating here also means Camel never sees Content-Encoding, so it cannot
 * inflate a second time without a cap.
 */
public final class BodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            DoorErrors.write(request, response, RequestBodies.tooLarge(maxBytes));
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        boolean identity = encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity");
        if (identity && (declared >= 0 || request.getHeader("Transfer-Encoding") == null)) {
            // a known length within the limit (Tomcat reads no further), or no body at all: nothing to count
            chain.doFilter(request, response);
            return;
        }
        LimitedBody.Coding coding = identity ? LimitedBody.Coding.IDENTITY : coding(encoding);
        if (coding == null) {
            DoorErrors.write(request, response, new GatewayException(415, "invalid_request_error",
                    "unsupported_content_encoding", null, "Content-Encoding '" + encoding.trim()
                    + "' is not supported; send the body uncompressed, gzip or deflate."));
            return;
        }
        LimitedBody body = new LimitedBody(request.getInputStream(), coding, maxBytes,
                error -> DoorErrors.write(request, response, error));
        chain.doFilter(new LimitedRequest(request, body, coding != LimitedBody.Coding.IDENTITY), response);
    }

    private static LimitedBody.Coding coding(String encoding) {
        return switch (encoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> LimitedBody.Coding.GZIP;
            case "deflate" -> LimitedBody.Coding.DEFLATE;
            default -> null;
        };
    }
}
