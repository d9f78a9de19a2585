package io.smolforge.template.jinja;

import java.util.ArrayList;
import java.util.List;

/** Statement nodes of the template AST; each executes itself against a {@link Renderer}. */
interface Stmt {
    void exec(Renderer r);

    /** Template source line, for error messages. */
    int line();

    record Text(String text, int line) implements Stmt {
        public void exec(Renderer r) {
            r.write(text);
        }
    }

    record Print(Expr value, int line) implements Stmt {
        public void exec(Renderer r) {
            r.write(Py.str(value.eval(r)));
        }
    }

    record If(List<Expr> conditions, List<List<Stmt>> bodies, List<Stmt> otherwise, int line) implements Stmt {
        public void exec(Renderer r) {
            for (int i = 0; i < conditions.size(); i++) {
                if (Py.truthy(conditions.get(i).eval(r))) {
                    r.execAll(bodies.get(i));
                    return;
                }
            }
            if (otherwise != null) {
                r.execAll(otherwise);
            }
        }
    }

    /** An assignment target: a name, {@code ns.attr}, or a tuple of names. */
    record Target(List<String> names, String attribute, boolean tuple) {
        void assign(Renderer r, Object value) {
            if (attribute != null) {
                Object ns = r.lookup(names.get(0));
                if (!(ns instanceof Namespace namespace)) {
                    throw JinjaError.type("cannot assign attribute on non-namespace object");
                }
                namespace.attributes.put(attribute, value);
                return;
            }
            if (!tuple) {
                r.scope().set(names.get(0), value);
                return;
            }
            List<Object> items = Py.iterate(value);
            if (items.size() != names.size()) {
                throw new JinjaError("ValueError", items.size() < names.size()
                        ? "not enough values to unpack (expected " + names.size() + ", got " + items.size() + ")"
                        : "too many values to unpack (expected " + names.size() + ")");
            }
            for (int i = 0; i < names.size(); i++) {
                r.scope().set(names.get(i), items.get(i));
            }
        }
    }

    record For(Target target, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise,
               boolean recursive, int line) implements Stmt {
        public void exec(Renderer r) {
            run(r, iterable.eval(r), 0);
        }

        void run(Renderer r, Object iterValue, int depth0) {
            List<Object> items = Py.iterate(iterValue);
            Scope outer = r.scope();
            if (filter != null) {
                List<Object> kept = new ArrayList<>(items.size());
                Scope filterScope = new Scope(outer);
                Scope saved = r.enterScope(filterScope);
                try {
                    for (Object item : items) {
                        r.countIteration();
                        target.assign(r, item);
                        if (Py.truthy(filter.eval(r))) {
                            kept.add(item);
                        }
                    }
                } finally {
                    r.restoreScope(saved);
                }
                items = kept;
            }
            // jinja2 clears its "no iteration" flag only when a body runs to its end, so an else block also
            // runs when every iteration ended in continue or the first one in break.
            boolean runElse = true;
            LoopState loop = new LoopState(items, depth0, recursive ? this : null);
            try {
                for (int i = 0; i < items.size(); i++) {
                    r.countIteration();
                    // Each iteration gets fresh locals: a set in one iteration is not seen by the next.
                    Scope iteration = new Scope(outer);
                    r.enterScope(iteration);
                    iteration.set("loop", loop);
                    loop.index0 = i;
                    target.assign(r, items.get(i));
                    r.execAll(body);
                    int jump = r.takeJump();
                    if (jump == Renderer.BREAK) {
                        break;
                    }
                    if (jump == 0) {
                        runElse = false;
                    }
                }
            } finally {
                r.restoreScope(outer);
            }
            if (runElse && otherwise != null) {
                r.execAll(otherwise);
            }
        }
    }

    record Set(Target target, Expr value, int line) implements Stmt {
        public void exec(Renderer r) {
            target.assign(r, value.eval(r));
        }
    }

    record SetBlock(Target target, List<Stmt> body, List<Expr.Filter> filters, int line) implements Stmt {
        public void exec(Renderer r) {
            Object value = r.captureScoped(body);
            target.assign(r, Filter.applyChain(r, filters, value));
        }
    }

    record Filter(List<Expr.Filter> filters, List<Stmt> body, int line) implements Stmt {
        public void exec(Renderer r) {
            String value = r.captureScoped(body);
            r.write(Py.str(applyChain(r, filters, value)));
        }

        static Object applyChain(Renderer r, List<Expr.Filter> filters, Object value) {
            for (Expr.Filter f : filters) {
                value = Filters.apply(r, f.name(), value, f.args().evalPositional(r), f.args().evalKeywords(r));
            }
            return value;
        }
    }

    record MacroDef(String name, List<String> params, List<Expr> defaults, List<Stmt> body, boolean catchKwargs,
                    boolean catchVarargs, boolean callerAware, int line) implements Stmt {
        public void exec(Renderer r) {
            r.scope().set(name, new Macro(name, params, defaults, body, r.scope(), catchKwargs, catchVarargs, callerAware));
        }
    }

    /** {@code {% call(args) macro(...) %}body{% endcall %}}: calls the macro with the body as {@code caller}. */
    record CallBlock(Expr.Call call, List<String> params, List<Expr> defaults, List<Stmt> body,
                     boolean catchKwargs, boolean catchVarargs, int line) implements Stmt {
        public void exec(Renderer r) {
            Macro caller = new Macro("caller", params, defaults, body, r.scope(), catchKwargs, catchVarargs, false);
            Object fn = call.callee().eval(r);
            List<Object> args = call.args().evalPositional(r);
            java.util.Map<String, Object> kwargs = new java.util.LinkedHashMap<>(call.args().evalKeywords(r));
            kwargs.put("caller", caller);
            r.write(Py.str(r.call(fn, args, kwargs)));
        }
    }

    record With(List<Target> targets, List<Expr> values, List<Stmt> body, int line) implements Stmt {
        public void exec(Renderer r) {
            Scope inner = new Scope(r.scope());
            List<Object> evaluated = new ArrayList<>();
            for (Expr e : values) {
                evaluated.add(e.eval(r));
            }
            Scope saved = r.enterScope(inner);
            try {
                for (int i = 0; i < targets.size(); i++) {
                    targets.get(i).assign(r, evaluated.get(i));
                }
                r.execAll(body);
            } finally {
                r.restoreScope(saved);
            }
        }
    }

    /** transformers' {@code {% generation %}} block: its output offsets become a generation span. */
    record Generation(List<Stmt> body, int line) implements Stmt {
        public void exec(Renderer r) {
            r.generation(body);
        }
    }

    /** include/import/extends: transformers' environment has no template loader. */
    record NoLoader(int line) implements Stmt {
        public void exec(Renderer r) {
            throw JinjaError.type("no loader for this environment specified");
        }
    }

    record Jump(int kind, int line) implements Stmt {
        public void exec(Renderer r) {
            r.jump(kind);
        }
    }
}
