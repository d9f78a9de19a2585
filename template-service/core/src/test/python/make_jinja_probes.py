"""Renders golden/jinja-probes/probes.json: extra one-construct probes for SmolForge's Jinja interpreter.

Each probe is rendered by transformers' own chat-template environment (jinja2 3.1.6, sandboxed,
trim_blocks, lstrip_blocks, loopcontrols, {% generation %}), with strftime_now pinned to
2025-08-16T10:30:00. Run: /work/venv/bin/python make_jinja_probes.py OUT.json
"""
import datetime as real_datetime
import json
import sys

import jinja2
import transformers
from transformers.utils import chat_template_utils as ctu


class FixedDatetime(real_datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2025, 8, 16, 10, 30, 0)


ctu.datetime = FixedDatetime

CONTEXT = {
    "n": None, "s": "x", "m": {"b": 1, "a": [1, 2], "f": 0.5, "t": True, "z": None, "u": "é\"<"},
    "l": [1, 2, 3], "msgs": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"},
                             {"role": "assistant", "content": "A"}],
    "e": "", "nb": "a\u00a0", "tree": [{"n": "a", "c": [{"n": "b", "c": []}, {"n": "c", "c": [{"n": "d", "c": []}]}]}],
    "big": 12345678901234, "neg": -3, "fl": 2.5, "words": ["b", "A", "c", "a"],
}

PROBES = {
    # printing of values
    "repr_strings": "{{ [\"it's\", 'a\"b', 'both\\'\"', '\\n\\t\\\\', 'é', '\\x00', nb, '\\u2028'] }}",
    "repr_tuples": "{{ (1,) }} {{ (1, 2) }} {{ () }} {{ {'a': (1, 'x')} }}",
    "repr_nested": "{{ {'a': {'b': [none, true, 1.5, 'q']}} }}",
    "floats": "{{ 1/3 }} {{ 2**0.5 }} {{ 1e-5 }} {{ 0.0001 }} {{ 123456789012345678.0 }} {{ 0.1 + 0.2 }} {{ -0.0 }} {{ 1e16 }} {{ 1e15 }} {{ 1.5e300 * 1e10 }} {{ 100.0 }} {{ 3.0e-10 }}",
    "int_ops": "{{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }} {{ 10 / 4 }} {{ big * 3 }} {{ neg * neg }}",
    "bool_arith": "{{ true + 1 }} {{ true == 1 }} {{ 1 == 1.0 }} {{ false * 3 }}",
    "seq_repeat": "{{ 'a' * 0 }}|{{ 'ab' * -1 }}|{{ [1] * 3 }}|{{ 2 * 'xy' }}",
    "percent_format": "{{ '%s-%d-%05.2f-%x-%r' % ('a', 3, 3.14159, 255, 'q') }}|{{ '%(a)s' % {'a': 1} }}|{{ '%5s|%-5s|' % ('a', 'b') }}|{{ '%s' % none }}|{{ '%s' % [1, 2] }}|{{ '%.3s' % 'abcdef' }}|{{ '%+d %i' % (5, 6) }}",
    "str_format": "{{ '{0}-{1}-{0}'.format('a', 'b') }} {{ '{x}'.format(x=1) }} {{ '{:>5}|{:<5}|{:^5}'.format('a', 'b', 'c') }} {{ '{:.2f}'.format(3.14159) }} {{ '{:05d}'.format(42) }} {{ '{!r}'.format('a') }} {{ '{{}}{}'.format(1) }}",
    "int_literals": "{{ 1_000 }} {{ 1.5e3 }} {{ 12 }} {{ 0.25 }}",
    "adjacent_strings": "{{ 'a' \"b\" 'c' }}",
    # str methods
    "str_split_variants": "{{ 'a,b,,c'.split(',') }} {{ ' a  b '.split(' ') }} {{ 'a b c'.split(none, 1) }} {{ '  a b  '.rsplit(none, 1) }} {{ ''.split() }} {{ ''.split(',') }}",
    "str_misc_methods": "{{ 'ab\\ncd\\r\\nef'.splitlines() }} {{ 'a=b=c'.partition('=') }} {{ 'a=b=c'.rpartition('=') }} {{ '42'.zfill(5) }} {{ '-4'.zfill(4) }} {{ 'x'.ljust(3, '-') }}| {{ 'x'.rjust(3) }} {{ 'ab'.center(7, '*') }} {{ 'abc'.center(6) }}",
    "str_find": "{{ 'hello'.find('z') }} {{ 'hello'.rfind('l') }} {{ 'hello'.index('e') }} {{ 'aaa'.count('aa') }} {{ 'héllo'.find('l') }}",
    "str_index_error": "{{ 'hello'.index('z') }}",
    "str_case": "{{ \"they're bill's friends\".title() }} {{ 'hELLO wORLD'.capitalize() }} {{ 'aBc'.swapcase() }} {{ 'ǆemal'.title() }} {{ 'ß'.upper() }}",
    "str_predicates": "{{ 'Ab'.isupper() }} {{ 'AB'.isupper() }} {{ 'ab1'.isalnum() }} {{ ' '.isspace() }} {{ '12'.isdigit() }} {{ 'ab'.isalpha() }} {{ 'Ab Cd'.istitle() }} {{ ''.islower() }}",
    "str_startswith_tuple": "{{ 'abc'.startswith(('x', 'a')) }} {{ 'abc'.endswith(('x', 'y')) }}",
    "str_join": "{{ 'x'.join(['a', 'b']) }} {{ '-'.join('ab') }} {{ ', '.join(msgs|map(attribute='role')) }}",
    "str_join_error": "{{ ','.join([1, 2]) }}",
    "str_replace_count": "{{ 'aaa'.replace('a', 'b', 2) }} {{ 'abc'|replace('b', 'x', 1) }} {{ 'abc'.replace('', '-') }} {{ 'abc'.removeprefix('a') }} {{ 'abc'.removesuffix('c') }}",
    "str_strip_multi": "[{{ '\\t\\n x \\r\\n'.strip() }}][{{ 'xyhixy'.strip('yx') }}][{{ '  a'.lstrip() }}]",
    # filters
    "filter_title": "{{ 'hello world'|title }} {{ \"they're\"|title }} {{ 'a-b c(d [e <f'|title }} {{ 'HELLO'|title }}",
    "filter_center": "[{{ 'abc'|center(9) }}]",
    "filter_sort": "{{ [3, 1, 2]|sort(reverse=true) }} {{ words|sort }} {{ words|sort(case_sensitive=true) }} {{ msgs|sort(attribute='role')|map(attribute='content')|join }}",
    "filter_dictsort": "{{ {'b': 1, 'a': 2, 'C': 0}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value') }} {{ {'b': 1, 'a': 2}|dictsort(reverse=true) }}",
    "filter_batch": "{{ [1, 2, 3, 4, 5]|batch(2)|list }} {{ [1, 2, 3, 4, 5]|batch(2, 0)|list }}",
    "filter_slice": "{{ [1, 2, 3, 4, 5]|slice(2)|list }} {{ [1, 2, 3, 4, 5, 6, 7]|slice(3)|list }}",
    "filter_sum_min_max": "{{ [1, 2, 3]|sum }} {{ [1, 2, 3]|sum(start=10) }} {{ [1, 2, 3]|min }} {{ [1, 2, 3]|max }} {{ words|max }} {{ words|min }} {{ [0.5, 2]|sum }}",
    "filter_unique": "{{ msgs|map(attribute='role')|unique|list }} {{ words|unique|list }} {{ ['a', 'A', 'b']|unique(case_sensitive=true)|list }}",
    "filter_wordcount_truncate": "{{ 'hello world foo'|wordcount }} {{ ('abcdefghij ' * 30)|truncate(20) }} {{ 'short'|truncate(20) }} {{ ('abcdefghij' * 3)|truncate(12, true) }}",
    "filter_striptags": "{{ '<b>x</b>  y <!-- c --> z'|striptags }}",
    "filter_format": "{{ '%s=%s'|format('a', 1) }} {{ '%(k)s'|format(k='v') }}",
    "filter_int_float": "{{ 3.7|int }} {{ '0x1A'|int(base=16) }} {{ 'abc'|int }} {{ 'abc'|int(7) }} {{ '1e3'|float }} {{ none|float }} {{ ' 12 '|int }} {{ '3.9'|int }} {{ true|int }} {{ '-5'|int }} {{ 'nan'|float }}",
    "filter_abs_round": "{{ -2.5|abs }} {{ 2.5|round }} {{ 3.5|round }} {{ 2.675|round(2) }} {{ 2.1|round(0, 'ceil') }} {{ 2.9|round(method='floor') }} {{ 7|round }} {{ -1.5|round }}",
    "filter_first_last": "{{ [1, 2]|first }} {{ 'abc'|first }} {{ 'abc'|last }} {{ {'a': 1}|first }} [{{ []|first }}] [{{ []|last }}]",
    "filter_reverse_list": "{{ 'abc'|reverse }} {{ [1, 2]|reverse|list }} {{ {'a': 1}|list }} {{ 'ab'|list }} {{ (1, 2)|list }}",
    "filter_default": "{{ n|default('x', true) }} {{ e|default('x') }} {{ e|default('x', true) }} {{ false|d('y') }} {{ undefined_var|d }}|",
    "filter_escape": "{{ 'x'|e }} {{ '<a href=\"x\">&\\'</a>'|e }} {{ '<'|escape|length }} {{ ('<'|e) ~ '<' }}",
    "filter_length_unicode": "{{ msgs|length }} {{ 'héllo'|length }} {{ '🙂x'|length }} {{ m|length }} {{ m|count }}",
    "filter_join_variants": "{{ [1, 2, 3]|join }} {{ msgs|join(', ', attribute='role') }} {{ ['<'|safe, '<']|join }}",
    "filter_map_variants": "{{ [[1, 2], [3]]|map('length')|list }} {{ ['a', 'b']|map('upper')|list }} {{ msgs|map(attribute='missing', default='d')|list }} {{ [1.55, 2.45]|map('round', 1)|list }}",
    "filter_select_variants": "{{ [1, 2, 3, 4]|select('odd')|list }} {{ [1, 2, 3, 4]|reject('even')|list }} {{ [1, 0, '', none, 'x']|select|list }} {{ [1, 2, 3]|select('greaterthan', 1)|list }} {{ [1, 2, 3]|select('>', 1)|list }} {{ msgs|selectattr('role', 'in', ['user', 'assistant'])|map(attribute='role')|list }} {{ msgs|selectattr('content')|list|length }} {{ msgs|rejectattr('role', 'equalto', 'user')|map(attribute='role')|join(',') }}",
    "filter_indent_variants": "{{ 'a\\nb'|indent(2, blank=true) }}|{{ 'a\\n\\nb\\n'|indent(2, true, true) }}|{{ 'a\\nb'|indent('> ') }}",
    "filter_tojson_variants": "{{ m|tojson(sort_keys=true) }}|{{ m|tojson(indent='\\t') }}|{{ [1, [2, {}], []]|tojson(indent=2) }}|{{ (1, 'a')|tojson }}|{{ 'x'|tojson }}|{{ {'k': '\\u0001\\u2028\\t'}|tojson }}|{{ none|tojson }}|{{ {3: 'a', 1.5: 'b', none: 'c'}|tojson }}",
    "filter_items": "{{ {'a': 1}|items|list }} {{ undefined_var|items|list }}",
    "filter_string_number": "{{ 5|string|length }} {{ 0.5|string }} {{ true|string }}",
    "filter_length_of_int": "{{ 5|length }}",
    "filter_capitalize_lower": "{{ 'a b'|capitalize }} {{ 'ÀB'|lower }} {{ 'straße'|upper }}",
    "filter_attribute": "{{ msgs|map(attribute='0')|list }} {{ [[1, 2], [3, 4]]|map(attribute='1')|list }} {{ msgs[0]|attribute('role') }}",
    "map_attribute_index": "{{ [[1, 2], [3, 4]]|map(attribute='1')|list }} {{ [{'a': {'b': 1}}]|map(attribute='a.b')|list }} {{ msgs|map(attribute='0')|list }}",
    "filter_block": "{% filter upper %}abc{{ 'd' }}{% endfilter %}|{% filter indent(2) %}a\nb{% endfilter %}|{% filter trim|upper %}  x  {% endfilter %}",
    "set_block_filter": "{% set x | trim %}  a  {% endset %}[{{ x }}]{% set y | upper %}b{{ s }}{% endset %}{{ y }}",
    # tests
    "tests_more": "{{ 3 is divisibleby 3 }} {{ 4 is divisibleby(3) }} {{ 'a' is lower }} {{ 'A' is upper }} {{ n is sameas none }} {{ true is sameas true }} {{ 1 is eq 1 }} {{ 2 is gt 1 }} {{ 1 is ge 2 }} {{ 'a' is in 'abc' }} {{ 'upper' is filter }} {{ 'odd' is test }} {{ l is callable }} {{ range is callable }} {{ msgs.0 is mapping }} {{ 1.5 is integer }} {{ true is number }} {{ true is integer }} {{ 2 is lt 3 }} {{ 2 is ne 2 }} {{ 3 is odd }} {{ s is escaped }}",
    "test_is_not_chain": "{{ s is not none and s is string }} {{ n is not string }} {{ 1 is not odd }}",
    # loops
    "loop_recursive": "{% for item in tree recursive %}{{ item.n }}{{ loop.depth }}{% if item.c %}[{{ loop(item.c) }}]{% endif %}{% endfor %}",
    "loop_changed": "{% for i in [1, 1, 2, 2, 1] %}{% if loop.changed(i) %}{{ i }}{% endif %}{% endfor %}",
    "loop_string_dict": "{% for c in 'ab' %}{{ c }}.{% endfor %}{% for k in {'x': 1, 'y': 2} %}{{ k }}{% endfor %}",
    "loop_nested_break": "{% for i in [1, 2, 3] %}{% for j in [1, 2, 3] %}{% if j > i %}{% break %}{% endif %}{{ i }}{{ j }} {% endfor %}{% endfor %}",
    "loop_var_leak": "{% for i in l %}{% set x = i %}{% endfor %}[{{ x }}][{{ i }}]",
    "loop_set_persists_iterations": "{% for i in [1, 2] %}{% if i == 1 %}{% set y = 5 %}{% endif %}{{ y }};{% endfor %}",
    "loop_items_filter": "{% for k, v in m.items() if v %}{{ k }}{% endfor %}",
    "loop_outer_var_shadow": "{% set i = 'out' %}{% for i in [1] %}{{ i }}{% endfor %}{{ i }}",
    "loop_over_int_error": "{% for i in 5 %}{% endfor %}",
    "loop_over_none_error": "{% for i in n %}{% endfor %}",
    "loop_outside": "[{{ loop }}]",
    "loop_unpack_error": "{% for a, b in [[1, 2, 3]] %}{% endfor %}",
    "loop_index_nested": "{% for i in [1, 2] %}{% for j in [1, 2] %}{{ loop.index }}{% endfor %}{{ loop.index }}|{% endfor %}",
    "loop_else_filtered": "{% for i in l if i > 5 %}x{% else %}none{% endfor %}",
    "loop_continue_else": "{% for i in l %}{% continue %}{% else %}E{% endfor %}done",
    "loop_generator_twice": "{% set g = l|select('odd') %}{% for i in g %}{{ i }}{% endfor %}|{% for i in g %}{{ i }}{% endfor %}",
    "loop_revindex_last_items": "{% for k, v in m|dictsort %}{{ loop.revindex }}{{ k }}{% if not loop.last %},{% endif %}{% endfor %}",
    # macros
    "macro_closure_later_var": "{% set x = 1 %}{% macro mm() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ mm() }}",
    "macro_varargs_kwargs": "{% macro f(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1, 2, 3, k=4) }}",
    "macro_caller_args": "{% macro lst(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) lst([1, 2]) %}<{{ x }}>{% endcall %}",
    "macro_missing_arg": "{% macro f(a, b) %}[{{ a }}][{{ b }}]{% endmacro %}{{ f(1) }}",
    "macro_too_many_args": "{% macro f(a) %}{{ a }}{% endmacro %}{{ f(1, 2) }}",
    "macro_unknown_kwarg": "{% macro f(a) %}{{ a }}{% endmacro %}{{ f(1, b=2) }}",
    "macro_value_in_expr": "{% macro f() %}abc{% endmacro %}{{ f()|length }} {{ f() ~ 'd' }} {{ f().upper() }}",
    "macro_in_loop": "{% for i in [1, 2] %}{% macro g() %}<{{ i }}>{% endmacro %}{{ g() }}{% endfor %}",
    "macro_name_attr": "{% macro hello() %}{% endmacro %}{{ hello.name }}",
    "macro_default_refers_param": "{% macro f(a, b=a ~ '!') %}{{ b }}{% endmacro %}{{ f('x') }}",
    "macro_set_no_leak": "{% set v = 1 %}{% macro f() %}{% set v = 2 %}{{ v }}{% endmacro %}{{ f() }}{{ v }}",
    "macro_caller_plain": "{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}in{{ s }}{% endcall %}",
    # with / raw / whitespace
    "with_block": "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]",
    "raw_block": "{% raw %}{{ x }}{% if %}{% endraw %}|{%- raw -%}  {{ y }}  {%- endraw -%}  |",
    "raw_block_lstrip": "a\n  {% raw %}\n{{ x }}\n  {% endraw %}\nb",
    "ws_plus_disables_lstrip": "a\n  {%+ if true %}x{% endif %}\n  {%+ if true -%}\n y{% endif %}",
    "ws_trailing_block_at_end": "{% for i in l %}\n{{ i }}\n{% endfor %}\n",
    "ws_comment_lines": "a\n{# one #}\n  {# two\nlines #}\nb {#- three -#} c",
    "ws_set_then_text": "{%- set x = 1 %}\n\n  text\n{%- set y = 2 -%}\n  more",
    "ws_var_dash": "a \n {{- 'b' -}} \n c{{ 'd' -}}\n\ne",
    "ws_block_end_plus": "{% if true +%}\nx{% endif %}",
    "ws_nested_indent": "<ul>\n    {% for i in l %}\n    <li>{{ i }}</li>\n    {% endfor %}\n</ul>",
    # expressions
    "inline_if_nested": "{{ 'a' if false else 'b' if true else 'c' }} {{ 1 if 1 in [1] else 2 }}",
    "precedence": "{{ 2 + 3 * 4 }} {{ (2 + 3) * 4 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ not true or true }} {{ 'a' ~ 'b' + 'c' }} {{ 10 - 2 - 3 }} {{ 2 * 3 % 4 }} {{ not 1 == 2 }}",
    "not_in_variants": "{{ 'a' not in 'b' }} {{ not 'a' in 'abc' }} {{ 1 not in l }}",
    "and_or_values": "{{ true and 'x' or 'y' }} {{ 0 or '' or 'z' }} {{ none and 1 }} {{ [] or [1] }}",
    "compare_types": "{{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ (1, 2) == [1, 2] }} {{ {'a': 1} == {'a': 1} }} {{ 1 == '1' }} {{ none == none }} {{ 'B' < 'a' }}",
    "compare_str_int_error": "{{ 1 < 'a' }}",
    "compare_none_error": "{{ n < 1 }}",
    "concat_list_tuple_error": "{{ [1] + (2,) }}",
    "int_plus_str_error": "{{ 1 + 'a' }}",
    "div_zero_error": "{{ 1 / 0 }}",
    "mod_zero_error": "{{ 1 % 0 }}",
    "set_tuple_unpack": "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c, d = 'xy' %}{{ d }}{{ c }}",
    "set_unpack_error": "{% set a, b = [1] %}",
    "dict_methods": "{{ {'a': 1}.get('a') }} {{ {'a': 1}['a'] }} {{ m.get('zz', none) }} {{ {'a': 1}.items()|list }} {{ m.values()|list|length }} {{ m.copy()|length }}",
    "list_methods": "{{ l.index(2) }} {{ l.count(1) }} {{ l.copy() }}",
    "list_append_error": "{% set x = l.append(4) %}",
    "dict_update_error": "{{ m.update({'q': 1}) }}",
    "dict_pop_error": "{{ m.pop('b') }}",
    "dict_key_named_items": "{% set d = {'items': [1], 'keys': 2} %}{{ d['items'] }}|{{ d.items is callable }}|{{ d['keys'] }}|{% if m.items %}y{% endif %}",
    # undefined semantics
    "undef_concat_tilde": "{{ undefined_var ~ 'x' }}",
    "undef_plus_error": "{{ undefined_var + 1 }}",
    "undef_filters": "[{{ undefined_var|length }}][{{ undefined_var|list }}][{{ undefined_var|upper }}][{{ undefined_var|trim }}][{{ undefined_var|join }}][{{ undefined_var|string }}][{{ undefined_var|first }}][{{ undefined_var|reverse|list }}][{{ undefined_var|unique|list }}][{{ undefined_var|sort }}][{{ undefined_var|select|list }}][{{ undefined_var|map('upper')|list }}][{{ undefined_var|capitalize }}][{{ undefined_var|replace('a', 'b') }}][{{ undefined_var|wordcount }}][{{ undefined_var|e }}][{{ undefined_var|last }}][{{ undefined_var|sum }}][{{ undefined_var|min }}][{{ undefined_var|center(4) }}][{{ undefined_var|truncate }}][{{ undefined_var|batch(2)|list }}][{{ undefined_var|items|list }}][{{ undefined_var|count }}][{{ undefined_var|title }}][{{ undefined_var|format }}]",
    "undef_indent_error": "{{ undefined_var|indent }}",
    "undef_dictsort_error": "{{ undefined_var|dictsort }}",
    "undef_int_error": "{{ undefined_var|int }}",
    "undef_float_error": "{{ undefined_var|float }}",
    "undef_abs_error": "{{ undefined_var|abs }}",
    "undef_round_error": "{{ undefined_var|round }}",
    "undef_loop": "{% for x in undefined_var %}x{% endfor %}ok",
    "undef_tests": "{{ undefined_var is none }} {{ undefined_var == none }} {{ undefined_var is string }} {{ undefined_var is iterable }} {{ 'a' in undefined_var }} {{ not undefined_var }}",
    "undef_tojson_error": "{{ undefined_var|tojson }}",
    "undef_attr_error": "{{ undefined_var.x }}",
    "undef_call_error": "{{ undefined_var() }}",
    "undef_item_error": "{{ undefined_var[0] }}",
    "undef_neg_error": "{{ -undefined_var }}",
    "undef_compare_error": "{{ undefined_var < 1 }}",
    "undef_nested_attr_error": "{{ m.missing.x }}",
    "undef_method_error": "{{ undefined_var.strip() }}",
    "missing_items_print": "[{{ m['missing'] }}][{{ l[10] }}][{{ n.x }}][{{ n['x'] }}][{{ s.x }}][{{ l.x }}]",
    "none_attr_chain_error": "{{ n.x.y }}",
    # None semantics
    "none_filters": "{{ n|upper }} {{ n|trim }} {{ n ~ 'x' }} {{ n|tojson }} {{ n|string }} {{ n|default('x') }}",
    "none_length_error": "{{ n|length }}",
    "none_list_error": "{{ n|list }}",
    "none_join_error": "{{ n|join }}",
    "none_first_error": "{{ n|first }}",
    "none_in_error": "{{ 'a' in n }}",
    # strings and slicing
    "str_indexing_unicode": "[{{ 'abc'[5] }}] {{ 'héllo🙂'[5] }} {{ 'héllo🙂'[-1] }} {{ 'abcdef'[1:5:2] }} {{ 'abcdef'[::-2] }} {{ l[5:] }} {{ l[-10:] }} {{ 'héllo🙂'[::-1] }} {{ 'a🙂b'[1:] }}",
    "str_in_unicode": "{{ '🙂' in 'a🙂' }} {{ 'a🙂'.split('🙂') }}",
    # globals
    "range_print": "{{ range(5)|list }} {{ range(1, 10, 3)|list }} {{ range(5, 0, -2)|list }} {{ range(3)|length }} {{ range(0)|list }}",
    "namespace_print": "{% set ns = namespace() %}{% set ns.items = [1] %}{{ ns.items }} {{ namespace(a=1).a }}",
    "dict_global": "{{ dict(a=1, b=2) }}",
    "cycler_joiner": "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}|{% set j = joiner('|') %}{% for i in l %}{{ j() }}{{ i }}{% endfor %}",
    "strftime_directives": "{{ strftime_now('%Y-%m-%dT%H:%M:%S %a %b %j %I%p %y %e %%') }}",
    "raise_in_macro": "{% macro check(x) %}{% if not x %}{{ raise_exception('bad ' ~ x) }}{% endif %}{% endmacro %}{{ check(0) }}",
    # markup
    "markup_ops": "{{ ('<'|safe) ~ '<' }} {{ '<'|e + '<' }} {{ ('a'|safe).upper() }} {{ '<b>'|safe|length }} {{ ('<'|safe) ~ 1 }}",
    # generation spans
    "generation_spans_simple": "a{% generation %}b{% endgeneration %}c{% for i in [1, 2] %}{% generation %}{{ i }}x{% endgeneration %}{% endfor %}",
    "generation_spans_unicode": "🙂{% generation %}é🙂{% endgeneration %}🙂{% generation %}{% endgeneration %}",
    "generation_in_macro": "{% macro g(t) %}<{% generation %}{{ t }}{% endgeneration %}>{% endmacro %}pre{{ g('a') }}{{ g('bc') }}",
    "generation_in_set": "{% set x %}{% generation %}zz{% endgeneration %}{% endset %}ab{{ x }}",
    # idioms from real chat templates
    "idiom_messages_tojson": "{{ msgs|tojson }}",
    "idiom_rejectattr_loop": "{% for message in msgs|rejectattr('role', 'equalto', 'system') %}{{ message.role }}{% endfor %}",
    "idiom_list_content": "{% set c = [{'type': 'text', 'text': 'a'}, {'type': 'image'}, {'type': 'text', 'text': 'b'}] %}{{ c|selectattr('type', 'equalto', 'text')|map(attribute='text')|join('\\n') }}",
    "idiom_last_message": "{{ (msgs|last).content }} {{ msgs[-1]['role'] == 'assistant' }}",
    "idiom_default_list": "{% set x = undefined_var|default([]) %}{{ x|length }}{% set y = n if n is not none else [] %}{{ y }}",
    "idiom_arguments": "{% set a = {'x': 1} %}{{ a if a is string else a|tojson }} {{ 'raw' if 'raw' is string else 'raw'|tojson }}",
    "idiom_dict_literal_dupes": "{{ {'a': 1, 'b': 2, 'a': 3} }} {{ {1: 'x', 'k': none} }}",
    "idiom_dict_global_copy": "{% set d = dict(msgs[0]) %}{{ d }} {{ dict(msgs[0], extra=1) }} {{ dict([('a', 1)]) }}",
    "idiom_map_sum": "{{ msgs|map(attribute='content')|map('length')|sum }} {{ ['1', '2']|map('int')|sum }}",
    "idiom_tojson_options": "{{ '🙂é'|tojson(ensure_ascii=true) }} {{ m|tojson(separators=(',', ':'), sort_keys=true) }} {{ 1.0|tojson }} {{ 1e100|tojson }} {{ [0.1, -2.5e-7]|tojson }}",
    "idiom_format_grouping": "{{ '{:,}'.format(1234567) }} {{ '%.2f'|format(1) }} {{ '{:>8.3f}|'.format(3.14159) }} {{ '{:+d}'.format(5) }} {{ '{:x}'.format(255) }} {{ '{0:%}'.format(0.25) }}",
    "idiom_string_number_concat": "{{ 3|string + 'x' }} {{ 'n' ~ 3 ~ 0.5 ~ true ~ none }}",
    "idiom_is_not_defined": "{{ n is not defined }} {{ undefined_var is not defined }} {% if msgs[0].content is not none %}y{% endif %}",
    "idiom_items_of_message": "{{ msgs[0].items()|list }} {% for k, v in msgs[1]|dictsort %}{{ k }}={{ v }};{% endfor %}",
    "idiom_generation_dash": "<|a|>{%- generation -%}  gen  {%- endgeneration -%}  <|b|>",
    "idiom_loop_index_condition": "{% for message in msgs %}{% if loop.index0 == 0 and message.role == 'system' %}[sys]{% elif loop.last %}[last]{% else %}[{{ loop.index }}]{% endif %}{% endfor %}",
    "idiom_think_split": "{% set c = '<think>\\nabc\\n</think>\\n\\nanswer' %}{{ c.split('</think>')[-1].lstrip('\\n') }}|{{ c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}",
    "idiom_namespace_flags": "{% set ns = namespace(first=true, n=0) %}{% for m2 in msgs %}{% if ns.first %}F{% set ns.first = false %}{% endif %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}",
    "idiom_content_string_or_list": "{% for c in ['s', [{'type': 'text', 'text': 't'}]] %}{% if c is string %}{{ c }}{% else %}{% for p in c %}{{ p.text }}{% endfor %}{% endif %}{% endfor %}",
    "idiom_strftime_formats": "{{ strftime_now('%d %B %Y') }}|{{ strftime_now('%B %d, %Y') }}|{{ strftime_now('%Y-%m-%d') }}|{{ strftime_now('%-d') }}",
    # Python objects without a JSON form
    "range_object": "{{ range(3) }} {{ range(1, 5, 2) }} {{ [range(2)] }} {{ range(3) == [0, 1, 2] }} {{ 2 in range(3) }} {{ range(3)[1] }} {{ range(5)[1:3] }} {{ range(3)|list == [0, 1, 2] }}",
    "range_tojson_error": "{{ range(3)|tojson }}",
    "dict_views": "{{ m.keys() }} {{ m.values() }} {{ {'a': 1}.items() }} {{ 'b' in m.keys() }} {{ m.keys()|length }} {{ m.keys()|list == ['b', 'a', 'f', 't', 'z', 'u'] }} {{ m.keys() == ['b'] }}",
    "dict_view_tojson_error": "{{ m.keys()|tojson }}",
    "dict_view_index_error": "{{ m.keys()[0] }}",
    "big_ints": "{{ 2 ** 64 }} {{ 2 ** 100 // 3 }} {{ -(2 ** 70) + 1 }} {{ 9223372036854775807 + 1 }} {{ 3 * 9223372036854775807 }} {{ (2 ** 65) % 7 }} {{ 2 ** 64 > 1 }} {{ (2 ** 64)|string|length }} {{ 2 ** 64 / 2 }} {{ [2 ** 64]|tojson }}",
    "groupby": "{% for g in msgs|groupby('role') %}{{ g.grouper }}={{ g.list|length }};{% endfor %} {{ [{'k': 'A'}, {'k': 'a'}, {'k': 'b'}]|groupby('k')|map(attribute='grouper')|list }} {{ [{'k': 1}, {'k': 1}]|groupby('k') }} {% for key, items in [{'k': 2}, {'k': 1}]|groupby('k') %}{{ key }}{{ items }}{% endfor %}",
    "call_star_args": "{% macro f(a, b, c='C') %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ f(*[1, 2]) }} {{ f(1, **{'b': 2, 'c': 3}) }} {{ '{}-{}'.format(*l) }} {{ dict(**{'x': 1}) }}",
    "float_formatting_rounding": "{{ '%.2f' % 2.675 }} {{ '%.1f' % 0.25 }} {{ '%.0f' % 2.5 }} {{ '%.3e' % 12345.678 }} {{ '%e' % 0 }} {{ '%.2f' % -0.001 }} {{ '{:.2f}'.format(1.005) }} {{ '{:.1e}'.format(0.00015) }} {{ '{:.1%}'.format(0.12345) }} {{ '%E' % 1e-10 }} {{ '%+.1f' % 2 }} {{ '%08.3f' % -3.14159 }}",
    "pow_negative_constant_base": "{{ -2 ** 2 }} {{ -2 ** l[1] }} {{ (1 - 3) ** l[1] }} {{ [-2][0] ** l[1] }} {{ -2 ** -2 }} {{ neg ** 2 }} {{ -neg ** 2 }} {{ (-2)|abs ** l[1] }} {{ (-2 if true else 1) ** l[1] }}",
    "block_scopes": "{% filter upper %}{% set x = 1 %}{% endfilter %}[{{ x }}]{% set y %}{% set z = 1 %}{% endset %}[{{ z }}]{% set w = 5 %}{% set y %}{{ w }}{% set w = 1 %}{{ w }}{% endset %}[{{ w }}{{ y }}]{% generation %}{% set g = 1 %}{% endgeneration %}[{{ g }}]",
    # syntax errors
    "syntax_unclosed_if": "{% if true %}x",
    "syntax_unknown_tag": "{% frobnicate %}",
    "syntax_unknown_filter": "{{ 1|nosuchfilter }}",
    "syntax_unknown_filter_dead_branch": "{% if false %}{{ 1|nosuchfilter }}{% endif %}ok",
    "syntax_unknown_test": "{{ 1 is nosuchtest }}",
    "syntax_bad_expr": "{{ 1 + }}",
    "syntax_nesting_mistake": "{% for i in l %}{% if true %}{% endfor %}",
    "syntax_unclosed_for_in_macro": "{% macro f() %}{% for i in l %}{% endmacro %}",
    "syntax_expected_block_end": "{% if true false %}{% endif %}",
    "syntax_expected_print_end": "{{ 1 2 }}",
    "syntax_missing_in": "{% for i of l %}{% endfor %}",
    "runtime_unknown_filter_in_if": "{% if true %}{{ 1|nosuch }}{% endif %}",
    "runtime_unknown_test_in_elif": "{% if false %}{% elif true %}{{ 1 is nosuch }}{% endif %}",
    "runtime_unknown_filter_in_inline_if": "{{ 'a' if false else 1|nosuch }}",
    "runtime_unknown_filter_inline_dead": "{{ 1|nosuch if false else 'ok' }}",
    "unknown_filter_in_loop_inside_if": "{% if false %}{% for i in l %}{{ i|nosuch }}{% endfor %}{% endif %}",
    "floordiv_zero_error": "{{ 1 // 0 }}",
    "float_mod_zero_error": "{{ 1.0 % 0 }}",
    "loop_break_first_else": "{% for i in l %}{% break %}{% else %}E{% endfor %}done",
    "loop_break_later_else": "{% for i in l %}{% if i == 2 %}{% break %}{% endif %}{% else %}E{% endfor %}done",
    "import_tag": "{% import 'x.jinja' as x %}",
    "extends_tag": "{% extends 'base.jinja' %}",
    "syntax_unclosed_string": "{{ 'abc }}",
    "syntax_do_tag": "{% do l.append(1) %}",
    "syntax_endfor_mismatch": "{% for i in l %}{% endif %}",
    "syntax_include": "{% include 'x.jinja' %}",
}


def render(source):
    template = ctu._compile_jinja_template(source)
    rendered_blocks, generation_indices = [], []
    with template.environment.activate_tracker(rendered_blocks, generation_indices):
        # a fresh copy per render: jinja2 can mutate values (indent does "s += newline" on lists)
        for block in template.generate(**json.loads(json.dumps(CONTEXT))):
            rendered_blocks.append(block)
    return "".join(rendered_blocks), generation_indices


def main(out_path):
    probes = []
    for name, source in PROBES.items():
        probe = {"name": name, "template": source}
        try:
            text, indices = render(source)
            probe["output"] = text
            if "generation" in source:
                probe["generation_indices"] = [list(i) for i in indices]
        except Exception as e:  # the golden records whatever jinja2 raised
            probe["error"] = f"{type(e).__name__}: {e}"
        probes.append(probe)
    doc = {"env": {"jinja2": jinja2.__version__, "transformers": transformers.__version__,
                   "python": sys.version.split()[0], "fixed_now": "2025-08-16T10:30:00"},
           "context": CONTEXT, "probes": probes}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
