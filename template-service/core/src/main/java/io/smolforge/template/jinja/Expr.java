package io.smolforge.template.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Expression nodes of the template AST; each evaluates itself against a {@link Renderer}. */
interface Expr {
    Object eval(Renderer r);

    record Const(Object value) implements Expr {
        public Object eval(Renderer r) {
            return value;
        }
    }

    record Name(String name) implements Expr {
        public Object eval(Renderer r) {
            return r.lookup(name);
        }
    }

    record ListLiteral(List<Expr> items) implements Expr {
        public Object eval(Renderer r) {
            List<Object> out = new ArrayList<>(items.size());
            for (Expr e : items) {
                out.add(e.eval(r));
            }
            return out;
        }
    }

    record TupleLiteral(List<Expr> items) implements Expr {
        public Object eval(Renderer r) {
            Object[] out = new Object[items.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = items.get(i).eval(r);
            }
            return new PyTuple(out);
        }
    }

    record DictLiteral(List<Expr> keys, List<Expr> values) implements Expr {
        public Object eval(Renderer r) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Object k = keys.get(i).eval(r);
                if (k instanceof List && !(k instanceof PyTuple) || k instanceof Map) {
                    throw JinjaError.type("unhashable type: '" + Py.typeName(k) + "'");
                }
                out.put(k instanceof Integer n ? Long.valueOf(n) : k, values.get(i).eval(r));
            }
            return out;
        }
    }

    record GetAttr(Expr target, String name) implements Expr {
        public Object eval(Renderer r) {
            return Attributes.getattr(target.eval(r), name);
        }
    }

    record GetItem(Expr target, Expr key) implements Expr {
        public Object eval(Renderer r) {
            return Attributes.getitem(target.eval(r), key.eval(r));
        }
    }

    record SliceLiteral(Expr start, Expr stop, Expr step) implements Expr {
        public Object eval(Renderer r) {
            return new Slice(evalBound(start, r), evalBound(stop, r), evalBound(step, r));
        }

        private static Object evalBound(Expr e, Renderer r) {
            if (e == null) {
                return null;
            }
            Object v = e.eval(r);
            if (v != null && !Py.isIntLike(v)) {
                if (v instanceof Undefined u) {
                    throw u.error();
                }
                throw JinjaError.type("slice indices must be integers or None");
            }
            return v;
        }
    }

    /** Positional and keyword arguments of a call, filter or test. */
    /** Positional and keyword arguments, plus optional {@code *args} and {@code **kwargs} expansions. */
    record Arguments(List<Expr> positional, List<String> names, List<Expr> values, Expr starArgs, Expr starKwargs) {
        static final Arguments NONE = new Arguments(List.of(), List.of(), List.of(), null, null);

        Arguments(List<Expr> positional, List<String> names, List<Expr> values) {
            this(positional, names, values, null, null);
        }

        List<Object> evalPositional(Renderer r) {
            if (positional.isEmpty() && starArgs == null) {
                return List.of();
            }
            List<Object> out = new ArrayList<>(positional.size());
            for (Expr e : positional) {
                out.add(e.eval(r));
            }
            if (starArgs != null) {
                out.addAll(Py.iterate(starArgs.eval(r)));
            }
            return out;
        }

        Map<String, Object> evalKeywords(Renderer r) {
            if (names.isEmpty() && starKwargs == null) {
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), values.get(i).eval(r));
            }
            if (starKwargs != null) {
                Object extra = starKwargs.eval(r);
                if (!(extra instanceof Map<?, ?> m)) {
                    throw JinjaError.type("argument after ** must be a mapping, not " + Py.typeName(extra));
                }
                m.forEach((k, v) -> out.put(Py.str(k), v));
            }
            return out;
        }
    }

    record Call(Expr callee, Arguments args) implements Expr {
        public Object eval(Renderer r) {
            if (callee instanceof GetAttr ga) {
                Object self = ga.target().eval(r);
                return r.callMethod(self, ga.name(), args.evalPositional(r), args.evalKeywords(r));
            }
            Object fn = callee.eval(r);
            return r.call(fn, args.evalPositional(r), args.evalKeywords(r));
        }
    }

    record Filter(Expr value, String name, Arguments args) implements Expr {
        public Object eval(Renderer r) {
            return Filters.apply(r, name, value.eval(r), args.evalPositional(r), args.evalKeywords(r));
        }
    }

    record Test(Expr value, String name, Arguments args) implements Expr {
        public Object eval(Renderer r) {
            return Tests.apply(r, name, value.eval(r), args.evalPositional(r), args.evalKeywords(r));
        }
    }

    record Not(Expr operand) implements Expr {
        public Object eval(Renderer r) {
            return !Py.truthy(operand.eval(r));
        }
    }

    record Negate(Expr operand, boolean minus) implements Expr {
        public Object eval(Renderer r) {
            Object v = operand.eval(r);
            return minus ? Operators.negate(v) : Operators.positive(v);
        }
    }

    record Binary(Operators.Binary op, Expr left, Expr right) implements Expr {
        public Object eval(Renderer r) {
            return Operators.binary(op, left.eval(r), right.eval(r), r.limits().maxOutputChars());
        }
    }

    record And(Expr left, Expr right) implements Expr {
        public Object eval(Renderer r) {
            Object l = left.eval(r);
            return Py.truthy(l) ? right.eval(r) : l;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        public Object eval(Renderer r) {
            Object l = left.eval(r);
            return Py.truthy(l) ? l : right.eval(r);
        }
    }

    /** A comparison chain such as {@code a < b < c}, evaluated pairwise like Python. */
    record Compare(Expr first, List<Operators.Comparison> ops, List<Expr> operands) implements Expr {
        public Object eval(Renderer r) {
            Object left = first.eval(r);
            for (int i = 0; i < ops.size(); i++) {
                Object right = operands.get(i).eval(r);
                if (!Operators.compare(ops.get(i), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }
    }

    record Conditional(Expr test, Expr then, Expr otherwise) implements Expr {
        public Object eval(Renderer r) {
            if (Py.truthy(test.eval(r))) {
                return then.eval(r);
            }
            return otherwise == null ? Undefined.ANONYMOUS : otherwise.eval(r);
        }
    }
}
