package io.smolforge.template.jinja;

import java.util.List;
import java.util.Map;

/** jinja2's {@code loop} variable inside a {@code for} block. */
final class LoopState {
    private final List<Object> items;
    private final int depth0;
    final Stmt.For recursiveLoop;
    int index0;
    private Object lastChanged = Py.MISSING;

    LoopState(List<Object> items, int depth0, Stmt.For recursiveLoop) {
        this.items = items;
        this.depth0 = depth0;
        this.recursiveLoop = recursiveLoop;
    }

    int depth0() {
        return depth0;
    }

    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (length - index0);
            case "revindex0" -> (long) (length - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "depth" -> (long) depth0 + 1;
            case "depth0" -> (long) depth0;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : new Undefined("there is no previous item");
            case "nextitem" -> index0 + 1 < length ? items.get(index0 + 1) : new Undefined("there is no next item");
            case "cycle" -> (PyCallable) (r, args, kwargs) -> {
                if (args.isEmpty()) {
                    throw JinjaError.type("no items for cycling given");
                }
                return args.get(index0 % args.size());
            };
            case "changed" -> (PyCallable) (r, args, kwargs) -> {
                Object value = args.size() == 1 ? args.get(0) : PyTuple.of(args);
                if (lastChanged != Py.MISSING && Py.eq(lastChanged, value)) {
                    return false;
                }
                lastChanged = value;
                return true;
            };
            default -> Undefined.attribute(this, name);
        };
    }

    /** {@code loop(children)} in a recursive loop renders the loop body over the children. */
    Object callRecursive(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        if (recursiveLoop == null) {
            throw JinjaError.type("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.");
        }
        if (args.size() != 1) {
            throw JinjaError.type("loop() takes exactly one argument");
        }
        return r.capture(() -> recursiveLoop.run(r, args.get(0), depth0 + 1));
    }
}
