package io.smolforge.template.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code {% macro %}} (or the {@code caller} of a call block) bound to the scope it was defined in. */
record Macro(String name, List<String> params, List<Expr> defaults, List<Stmt> body, Scope closure,
             boolean catchKwargs, boolean catchVarargs, boolean callerAware) implements PyCallable {

    @Override
    public Object call(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        Scope scope = new Scope(closure);
        int firstDefault = params.size() - defaults.size();
        Map<String, Object> extraKwargs = new LinkedHashMap<>(kwargs);
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            Object value;
            if (i < args.size()) {
                value = args.get(i);
                if (extraKwargs.containsKey(p)) {
                    throw JinjaError.type("macro '" + name + "' got multiple values for argument '" + p + "'");
                }
            } else if (extraKwargs.containsKey(p)) {
                value = extraKwargs.remove(p);
            } else if (i >= firstDefault) {
                Scope saved = r.enterScope(scope);
                try {
                    value = defaults.get(i - firstDefault).eval(r);
                } finally {
                    r.restoreScope(saved);
                }
            } else {
                value = new Undefined("parameter '" + p + "' was not provided");
            }
            scope.set(p, value);
        }
        Object caller = extraKwargs.remove("caller");
        if (callerAware || caller != null) {
            scope.set("caller", caller == null ? new Undefined("No caller defined") : caller);
        }
        List<Object> varargs = args.size() > params.size() ? new ArrayList<>(args.subList(params.size(), args.size())) : List.of();
        if (!varargs.isEmpty() && !catchVarargs) {
            throw JinjaError.type("macro '" + name + "' takes not more than " + params.size() + " argument(s)");
        }
        if (!extraKwargs.isEmpty() && !catchKwargs) {
            throw JinjaError.type("macro '" + name + "' takes no keyword argument '" + extraKwargs.keySet().iterator().next() + "'");
        }
        scope.set("varargs", PyTuple.of(varargs));
        scope.set("kwargs", extraKwargs);
        return r.invokeMacro(this, scope);
    }

    Object attribute(String attr) {
        return switch (attr) {
            case "name" -> name;
            case "arguments" -> PyTuple.of(params);
            case "catch_kwargs" -> catchKwargs;
            case "catch_varargs" -> catchVarargs;
            case "caller" -> callerAware;
            default -> Undefined.attribute(this, attr);
        };
    }
}
