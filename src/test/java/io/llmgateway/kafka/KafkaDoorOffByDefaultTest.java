package io.llmgateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.GatewayTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Without gateway.kafka.bootstrap-servers the gateway starts with no Kafka door and needs no broker. */
class KafkaDoorOffByDefaultTest extends GatewayTestSupport {

    @Autowired
    private CamelContext camel;

    @Test
    void noKafkaRouteExistsAndTheOtherDoorsWork() {
        assertThat(camel.getRoute("kafka-chat-requests")).isNull();
        assertThat(camel.getRoute("batch-file-drop")).isNotNull();
        var answer = post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(answer.statusCode()).isEqualTo(200);
    }
}
