package io.llmgateway.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CalculatorTest {

    private final Calculator calculator = new Calculator();

    private String eval(String expression) {
        return calculator.compute(expression).toPlainString();
    }

    @Test
    void arithmeticFollowsPrecedenceAndIsExactInDecimal() {
        assertThat(eval("0.1 + 0.2")).isEqualTo("0.3");
        assertThat(eval("2 + 3 * 4")).isEqualTo("14");
        assertThat(eval("(2 + 3) * 4")).isEqualTo("20");
        assertThat(eval("-2^2")).isEqualTo("-4");
        assertThat(eval("2^3^2")).isEqualTo("512");
        assertThat(eval("2^-2")).isEqualTo("0.25");
        assertThat(eval("10 % 4")).isEqualTo("2");
        assertThat(eval("1/3")).startsWith("0.333333333333333");
        assertThat(eval("1e3 + 1")).isEqualTo("1001");
        assertThat(eval("1000000 * 1000000")).isEqualTo("1000000000000");
    }

    @Test
    void functionsAndConstants() {
        assertThat(eval("sqrt(16) + abs(-2)")).isEqualTo("6");
        assertThat(eval("round(2.345, 2)")).isEqualTo("2.35");
        assertThat(eval("max(1, 7, 3) - min(4, 2)")).isEqualTo("5");
        assertThat(eval("floor(2.7) + ceil(2.1)")).isEqualTo("5");
        assertThat(eval("round(pi, 4)")).isEqualTo("3.1416");
    }

    @Test
    void anythingButArithmeticIsRefusedWithThePosition() {
        assertThatThrownBy(() -> eval("1/0")).hasMessageContaining("division by zero");
        assertThatThrownBy(() -> eval("java.lang.Runtime.getRuntime()")).hasMessageContaining("unknown name 'java'");
        assertThatThrownBy(() -> eval("exec('rm -rf /')")).hasMessageContaining("unknown function 'exec'");
        assertThatThrownBy(() -> eval("2 +")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> eval("(1 + 2")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> eval("1 + 2; 3")).hasMessageContaining("unexpected ';' at position 6");
        assertThatThrownBy(() -> eval("sqrt(-1)")).hasMessageContaining("negative");
        assertThatThrownBy(() -> eval("(".repeat(100) + "1" + ")".repeat(100))).hasMessageContaining("nested too deeply");
        assertThatThrownBy(() -> eval("1+".repeat(300) + "1")).hasMessageContaining("longer than 500");
        assertThatThrownBy(() -> eval("10^100000")).hasMessageContaining("not a finite number");
    }

    @Test
    void toolEntryPointEchoesTheExpression() {
        assertThat(calculator.evaluate(Map.of("expression", "6*7"))).containsEntry("expression", "6*7")
                .hasEntrySatisfying("result", r -> assertThat(r.toString()).isEqualTo("42"));
    }
}
