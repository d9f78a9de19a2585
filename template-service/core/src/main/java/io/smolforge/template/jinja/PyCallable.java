package io.smolforge.template.jinja;

import java.util.List;
import java.util.Map;

/** A function a template may call: globals such as {@code range}, macros, {@code caller}, {@code loop.cycle}. */
interface PyCallable {
    Object call(Renderer renderer, List<Object> args, Map<String, Object> kwargs);
}
