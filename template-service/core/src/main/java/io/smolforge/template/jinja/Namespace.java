package io.smolforge.template.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** jinja2's {@code namespace()}: the one mutable object, whose attributes {@code {% set ns.x = … %}} may assign. */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();
}
