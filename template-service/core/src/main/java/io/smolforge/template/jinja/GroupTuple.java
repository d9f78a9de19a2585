package io.smolforge.template.jinja;

/** jinja2's groupby result: a (grouper, list) tuple whose items are also attributes. */
final class GroupTuple {
    private GroupTuple() {
    }

    static PyTuple of(Object grouper, Object list) {
        return new PyTuple(grouper, list) {
            @Override
            Object attribute(String name) {
                return switch (name) {
                    case "grouper" -> get(0);
                    case "list" -> get(1);
                    default -> null;
                };
            }
        };
    }
}
