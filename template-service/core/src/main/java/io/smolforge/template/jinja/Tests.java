package io.smolforge.template.jinja;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** jinja2's builtin tests ({@code x is defined}, {@code x is string}, ...). */
final class Tests {
    private Tests() {
    }

    private static final Set<String> NAMES = Set.of("boolean", "callable", "defined", "divisibleby", "eq", "equalto",
            "==", "escaped", "even", "false", "filter", "float", "ge", ">=", "gt", "greaterthan", ">", "in",
            "integer", "iterable", "le", "<=", "lower", "lt", "lessthan", "<", "mapping", "ne", "!=", "none",
            "number", "odd", "sameas", "sequence", "string", "test", "true", "undefined", "upper");

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** Tests implemented in jinja2 as test_NAME(value, ...): how many arguments follow the value. */
    private static final Map<String, Integer> PARAMETERS = Map.ofEntries(Map.entry("divisibleby", 1),
            Map.entry("sameas", 1), Map.entry("in", 1));
    /** Tests that are Python's operator functions (two operands). */
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("eq", "eq"), Map.entry("equalto", "eq"),
            Map.entry("==", "eq"), Map.entry("ne", "ne"), Map.entry("!=", "ne"), Map.entry("lt", "lt"),
            Map.entry("lessthan", "lt"), Map.entry("<", "lt"), Map.entry("le", "le"), Map.entry("<=", "le"),
            Map.entry("gt", "gt"), Map.entry("greaterthan", "gt"), Map.entry(">", "gt"), Map.entry("ge", "ge"),
            Map.entry(">=", "ge"));

    /** Python's own arity errors for a test called with the wrong number of arguments. */
    private static void checkArity(String name, int given) {
        if (OPERATORS.containsKey(name)) {
            if (given != 1) {
                throw JinjaError.type(OPERATORS.get(name) + " expected 2 arguments, got " + (given + 1));
            }
            return;
        }
        if (name.equals("callable")) {
            if (given != 0) {
                throw JinjaError.type("callable() takes exactly one argument (" + (given + 1) + " given)");
            }
            return;
        }
        int expected = PARAMETERS.getOrDefault(name, 0);
        if (given > expected) {
            throw JinjaError.type("test_" + name + "() takes " + (expected + 1) + " positional argument"
                    + (expected == 0 ? "" : "s") + " but " + (given + 1) + " were given");
        }
    }

    static boolean apply(Renderer r, String name, Object v, List<Object> args, Map<String, Object> kwargs) {
        if (NAMES.contains(name) && !name.equals("filter") && !name.equals("test")) {
            checkArity(name, args.size() + kwargs.size());
        }
        Args a = new Args(name, args, kwargs);
        switch (name) {
            case "defined":
                return !(v instanceof Undefined);
            case "undefined":
                return v instanceof Undefined;
            case "none":
                return v == null;
            case "boolean":
                return v instanceof Boolean;
            case "true":
                return Boolean.TRUE.equals(v);
            case "false":
                return Boolean.FALSE.equals(v);
            case "integer":
                return Py.isInt(v);
            case "float":
                return Py.isFloat(v);
            case "number":
                return Py.isNumber(v);
            case "string":
                return Py.isString(v);
            case "mapping":
                return v instanceof Map;
            case "sequence":
                return v instanceof List || Py.isString(v) || v instanceof Map || v instanceof Undefined;
            case "iterable":
                return Py.isIterable(v);
            case "callable":
                // jinja2's Undefined defines __call__ (to raise), so Python's callable() says True.
                return v instanceof PyCallable || v instanceof BoundMethod || v instanceof Undefined
                        || v instanceof LoopState;
            case "escaped":
                return v instanceof Markup;
            case "lower":
                return Strings.isLower(Py.str(v));
            case "upper":
                return Strings.isUpper(Py.str(v));
            case "odd":
                return Py.eq(Operators.mod(v, 2L, r.limits().maxOutputChars()), 1L);
            case "even":
                return Py.eq(Operators.mod(v, 2L, r.limits().maxOutputChars()), 0L);
            case "divisibleby":
                return Py.eq(Operators.mod(v, a.required(0, "num"), r.limits().maxOutputChars()), 0L);
            case "eq": case "equalto": case "==":
                return Py.eq(v, a.required(0, "other"));
            case "ne": case "!=":
                return !Py.eq(v, a.required(0, "other"));
            case "lt": case "lessthan": case "<":
                return Operators.compare(Operators.Comparison.LT, v, a.required(0, "other"));
            case "le": case "<=":
                return Operators.compare(Operators.Comparison.LE, v, a.required(0, "other"));
            case "gt": case "greaterthan": case ">":
                return Operators.compare(Operators.Comparison.GT, v, a.required(0, "other"));
            case "ge": case ">=":
                return Operators.compare(Operators.Comparison.GE, v, a.required(0, "other"));
            case "in":
                return Py.contains(a.required(0, "seq"), v);
            case "sameas": {
                Object o = a.required(0, "other");
                return v == o || (v == null && o == null) || (v instanceof Boolean && v.equals(o));
            }
            case "filter":
                return Filters.exists(Py.str(v));
            case "test":
                return exists(Py.str(v));
            default:
                throw new JinjaError("TemplateRuntimeError", "No test named '" + name + "' found.");
        }
    }

}
