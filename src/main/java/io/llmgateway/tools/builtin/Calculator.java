package io.llmgateway.tools.builtin;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The calculator tool: a small recursive-descent parser over decimal arithmetic, so whatever the
 * model writes is parsed as numbers and operators only (no script engine, nothing to inject).
 * Supports + - * / % ^, parentheses, unary minus, pi, e and sqrt abs round floor ceil min max.
 */
@Component("calculatorTool")
public class Calculator {

    static final int MAX_LENGTH = 500;
    private static final int MAX_DEPTH = 64;
    private static final MathContext MATH = MathContext.DECIMAL64;
    private static final java.util.Set<String> FUNCTIONS = java.util.Set.of("sqrt", "abs", "floor", "ceil", "round", "min", "max");

    /** Tool entry point: {@code {"expression": "..."}} -> {@code {"expression": ..., "result": ...}}. */
    public Map<String, Object> evaluate(Map<String, Object> arguments) {
        String expression = String.valueOf(arguments.get("expression"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("expression", expression);
        answer.put("result", compute(expression));
        return answer;
    }

    public BigDecimal compute(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("expression longer than " + MAX_LENGTH + " characters");
        }
        Parser parser = new Parser(expression);
        BigDecimal value = parser.expression();
        parser.skipSpaces();
        if (parser.pos < expression.length()) {
            throw parser.error("unexpected '" + expression.charAt(parser.pos) + "'");
        }
        BigDecimal result = value.round(MATH).stripTrailingZeros();
        return result.scale() < 0 && result.precision() - result.scale() <= 20 ? result.setScale(0) : result;
    }

    private static final class Parser {
        private final String text;
        private int pos;
        private int depth;

        Parser(String text) {
            this.text = text;
        }

        BigDecimal expression() {
            if (++depth > MAX_DEPTH) {
                throw error("nested too deeply");
            }
            BigDecimal value = term();
            while (true) {
                if (eat('+')) {
                    value = value.add(term(), MATH);
                } else if (eat('-')) {
                    value = value.subtract(term(), MATH);
                } else {
                    depth--;
                    return value;
                }
            }
        }

        private BigDecimal term() {
            BigDecimal value = unary();
            while (true) {
                if (eat('*')) {
                    value = value.multiply(unary(), MATH);
                } else if (eat('/')) {
                    value = value.divide(nonZero(unary()), MATH);
                } else if (eat('%')) {
                    value = value.remainder(nonZero(unary()), MATH);
                } else {
                    return value;
                }
            }
        }

        private BigDecimal unary() {
            if (eat('-')) {
                return unary().negate();
            }
            if (eat('+')) {
                return unary();
            }
            return power();
        }

        private BigDecimal power() {
            BigDecimal base = primary();
            if (eat('^')) {
                if (++depth > MAX_DEPTH) {
                    throw error("nested too deeply");
                }
                BigDecimal exponent = unary();
                depth--;
                return pow(base, exponent);
            }
            return base;
        }

        private BigDecimal primary() {
            skipSpaces();
            if (eat('(')) {
                BigDecimal value = expression();
                expect(')');
                return value;
            }
            if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                return number();
            }
            if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                String name = identifier();
                if (eat('(')) {
                    if (!FUNCTIONS.contains(name)) {
                        throw error("unknown function '" + name + "'");
                    }
                    List<BigDecimal> args = new ArrayList<>();
                    if (!eat(')')) {
                        do {
                            args.add(expression());
                        } while (eat(','));
                        expect(')');
                    }
                    return function(name, args);
                }
                return switch (name) {
                    case "pi" -> new BigDecimal(Math.PI, MATH);
                    case "e" -> new BigDecimal(Math.E, MATH);
                    default -> throw error("unknown name '" + name + "'");
                };
            }
            throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end of expression");
        }

        private BigDecimal function(String name, List<BigDecimal> args) {
            return switch (name) {
                case "sqrt" -> {
                    BigDecimal x = one(name, args);
                    if (x.signum() < 0) {
                        throw error("sqrt of a negative number");
                    }
                    yield x.sqrt(MATH);
                }
                case "abs" -> one(name, args).abs();
                case "floor" -> one(name, args).setScale(0, RoundingMode.FLOOR);
                case "ceil" -> one(name, args).setScale(0, RoundingMode.CEILING);
                case "round" -> {
                    if (args.isEmpty() || args.size() > 2) {
                        throw error("round takes 1 or 2 arguments");
                    }
                    int digits = args.size() == 2 ? args.get(1).intValue() : 0;
                    yield args.get(0).setScale(digits, RoundingMode.HALF_UP);
                }
                case "min", "max" -> {
                    if (args.isEmpty()) {
                        throw error(name + " needs at least one argument");
                    }
                    BigDecimal best = args.get(0);
                    for (BigDecimal x : args) {
                        best = name.equals("min") ? best.min(x) : best.max(x);
                    }
                    yield best;
                }
                default -> throw error("unknown function '" + name + "'");
            };
        }

        private BigDecimal one(String name, List<BigDecimal> args) {
            if (args.size() != 1) {
                throw error(name + " takes 1 argument");
            }
            return args.get(0);
        }

        private BigDecimal pow(BigDecimal base, BigDecimal exponent) {
            if (exponent.stripTrailingZeros().scale() <= 0 && exponent.abs().compareTo(BigDecimal.valueOf(999)) <= 0) {
                int n = exponent.intValueExact();
                if (n < 0) {
                    return BigDecimal.ONE.divide(nonZero(base).pow(-n, MATH), MATH);
                }
                return base.pow(n, MATH);
            }
            double value = Math.pow(base.doubleValue(), exponent.doubleValue());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw error("result of ^ is not a finite number");
            }
            return new BigDecimal(value, MATH);
        }

        private BigDecimal nonZero(BigDecimal divisor) {
            if (divisor.signum() == 0) {
                throw error("division by zero");
            }
            return divisor;
        }

        private BigDecimal number() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')
                    && pos + 1 < text.length() && (Character.isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '-' || text.charAt(pos + 1) == '+')) {
                pos += 2;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            try {
                BigDecimal value = new BigDecimal(text.substring(start, pos));
                if (Math.abs(value.scale()) > 1000) {
                    throw error("number out of range");
                }
                return value;
            } catch (NumberFormatException e) {
                throw error("bad number '" + text.substring(start, pos) + "'");
            }
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos).toLowerCase();
        }

        private boolean eat(char c) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!eat(c)) {
                throw error("expected '" + c + "'");
            }
        }

        void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("Cannot evaluate: " + message + " at position " + (pos + 1));
        }
    }
}
