import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The benchmark's floor: the cheapest proxy the gateway's own stack allows. Tomcat's NIO connector
 * on virtual threads in, a pooled Apache HttpClient 5 out (both the libraries the gateway runs on),
 * and nothing in between: the body is passed on unread, the answer passed back unread. No parsing,
 * routing, limits, breaker, metrics or logging. Whatever a gateway on this stack does costs CPU on
 * top of this, so its row bounds what any such gateway can reach on the machine. An event stream
 * is passed on as it arrives, each read flushed (bench/hol-side-by-side.sh's small streaming turns).
 *
 * Run from bench/run.sh in source-file mode: java -cp '<gateway libs>/*' FloorProxy.java PORT UPSTREAM_URL
 */
public class FloorProxy {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String upstream = args[1];
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(2_000).setMaxConnPerRoute(2_000).build())
                .build();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(System.getProperty("java.io.tmpdir") + "/bench-floor-" + port);
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", "10000");
        connector.getProtocolHandler().setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "pass", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("ready"); // the bench's readiness poll
            }

            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                HttpPost post = new HttpPost(upstream);
                post.setHeader("Authorization", "Bearer sk-bench");
                post.setEntity(new ByteArrayEntity(request.getInputStream().readAllBytes(), ContentType.APPLICATION_JSON));
                byte[] answer = client.execute(post, upstreamResponse -> {
                    response.setStatus(upstreamResponse.getCode());
                    String type = upstreamResponse.getEntity().getContentType();
                    if (type != null && type.startsWith("text/event-stream")) {
                        response.setContentType(type);
                        OutputStream out = response.getOutputStream();
                        try (InputStream in = upstreamResponse.getEntity().getContent()) {
                            byte[] buffer = new byte[8192];
                            for (int n; (n = in.read(buffer)) > 0; ) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                        return null;
                    }
                    return EntityUtils.toByteArray(upstreamResponse.getEntity());
                });
                if (answer == null) {
                    return;
                }
                response.setContentType("application/json");
                response.setContentLength(answer.length);
                response.getOutputStream().write(answer);
            }
        });
        context.addServletMappingDecoded("/*", "pass");
        tomcat.start();
        tomcat.getServer().await();
    }
}
