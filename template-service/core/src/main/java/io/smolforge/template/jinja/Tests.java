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

    static boolean apply(Renderer r, String name, Object v, List<Object> args, Map<String, Object> kwargs) {
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
                return v instanceof PyCallable || v instanceof BoundMethod;
            case "escaped":
                return v instanceof Markup;
            case "lower":
                return Py.str(v).equals(Py.str(v).toLowerCase(java.util.Locale.ROOT));
            case "upper":
                return Py.str(v).equals(Py.str(v).toUpperCase(java.util.Locale.ROOT));
            case "odd":
                return Math.floorMod(number(v), 2) == 1;
            case "even":
                return Math.floorMod(number(v), 2) == 0;
            case "divisibleby": {
                long d = a.getLong(0, "num", 1);
                if (d == 0) {
                    throw new JinjaError("ZeroDivisionError", "integer division or modulo by zero");
                }
                return Math.floorMod(number(v), d) == 0;
            }
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

    private static long number(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (!Py.isNumber(v)) {
            throw JinjaError.type("not all arguments converted during string formatting");
        }
        return Py.isFloat(v) ? (long) Py.toDouble(v) : Py.toLong(v);
    }
}
