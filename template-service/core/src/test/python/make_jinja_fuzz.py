"""Renders golden/jinja-fuzz/cases.json: randomly generated templates (seeded, reproducible) rendered by
transformers' chat-template environment, for a differential test of SmolForge's Jinja interpreter.

Run: /work/venv/bin/python make_jinja_fuzz.py OUT.json [COUNT] [SEED]
"""
import datetime as real_datetime
import json
import random
import sys

import jinja2
from transformers.utils import chat_template_utils as ctu


class FixedDatetime(real_datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2025, 8, 16, 10, 30, 0)


ctu.datetime = FixedDatetime

CONTEXT = {
    "n": None, "s": "Hello World", "e": "", "t": True, "f": False, "i": 7, "neg": -3, "x": 2.5,
    "l": [3, 1, 2], "sl": ["b", "A", "c"], "m": {"k": "v", "n": 2, "z": None},
    "msgs": [{"role": "system", "content": " Be brief. "}, {"role": "user", "content": "Hi\nthere"},
             {"role": "assistant", "content": "<think>\nhmm\n</think>\n\nYes", "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1}}}]}],
    "ws": "  pad\t\n", "u": "héllo 🙂",
}
ATOMS = ["n", "s", "e", "t", "f", "i", "neg", "x", "l", "sl", "m", "msgs", "ws", "u", "undefined_var",
         "1", "0", "-2", "3.5", "1e3", "'a'", "'a b'", "\"q'\"", "''", "true", "false", "none", "[1, 'a']", "[]",
         "{'a': 1}", "{}", "(1, 2)", "msgs[0]", "msgs[-1].content", "m.k", "m['n']", "l[0]", "l[1:]", "s[::-1]",
         "msgs[1].role", "m.missing", "loop_var", "ns.v", "'%s|%d' % ('a', 2)", "'{}:{}'.format(s, i)", "l[::-1]",
         "{'x': [1, {'y': none}]}", "range(2, 9, 3)", "u[1:4]", "-x", "i // -2", "neg % 5", "2 ** 10", "x * 1.5"]
FILTERS = ["length", "upper", "lower", "title", "capitalize", "trim", "string", "list", "first", "last", "reverse",
           "tojson", "join", "join(', ')", "default('D')", "default('D', true)", "int", "float", "abs", "round",
           "sort", "unique", "items", "dictsort", "count", "e", "safe", "indent(2)", "replace('l', 'L')",
           "map('string')", "select", "reject", "map(attribute='role')", "selectattr('role')", "sum", "min", "max",
           "wordcount", "center(9)", "batch(2)", "tojson(indent=1)", "tojson(sort_keys=true)", "format(1)"]
TESTS = ["defined", "undefined", "none", "string", "number", "integer", "float", "mapping", "sequence", "iterable",
         "boolean", "true", "false", "odd", "even", "divisibleby(2)", "equalto 'a'", "in [1, 'a']", "lower", "upper",
         "callable", "sameas none"]
METHODS = ["strip()", "lstrip()", "rstrip('\\n')", "split()", "split(' ')", "split('l', 1)", "rsplit(' ', 1)",
           "upper()", "lower()", "title()", "capitalize()", "replace('l', '')", "startswith('H')", "endswith('d')",
           "find('o')", "count('l')", "splitlines()", "partition(' ')", "zfill(12)", "center(15, '*')", "isdigit()",
           "get('k')", "get('q', 0)", "items()", "keys()", "values()", "index(1)", "format(1, 2)", "join(['x', 'y'])",
           "ljust(8, '.')", "removeprefix('He')"]
BINOPS = ["+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", ">", "<=", ">=", "in", "not in", "and", "or"]


def sub(rng, depth):
    """A sub-expression, parenthesised when compound (most random token soup is a syntax error)."""
    e = expr(rng, depth)
    return e if e in ATOMS or rng.random() < 0.15 else f"({e})"


def expr(rng, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.3:
        return rng.choice(ATOMS)
    if r < 0.45:
        return f"{sub(rng, depth + 1)}|{rng.choice(FILTERS)}"
    if r < 0.55:
        return f"{sub(rng, depth + 1)} is {'not ' if rng.random() < 0.3 else ''}{rng.choice(TESTS)}"
    if r < 0.65:
        receiver = rng.choice(["s", "ws", "u", "m", "l", "msgs[1].content", "'a,b,,c'"])
        return f"{receiver}.{rng.choice(METHODS)}"
    if r < 0.85:
        return f"{sub(rng, depth + 1)} {rng.choice(BINOPS)} {sub(rng, depth + 1)}"
    if r < 0.92:
        return f"({sub(rng, depth + 1)} if {sub(rng, depth + 1)} else {sub(rng, depth + 1)})"
    return f"not {sub(rng, depth + 1)}"


def ws(rng):
    return rng.choice(["", "", " ", "\n", "  ", "\n  ", " \n", "\t", "\n\n"])


def tag(rng, body):
    left = rng.choice(["{%", "{%", "{%-", "{%+"])
    right = rng.choice(["%}", "%}", "-%}", "+%}"])
    return f"{left} {body} {right}"


def var(rng, body):
    return f"{rng.choice(['{{', '{{', '{{-'])} {body} {rng.choice(['}}', '}}', '-}}'])}"


def block(rng, depth=0):
    parts = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        parts.append(ws(rng))
        if r < 0.35 or depth > 2:
            parts.append(var(rng, expr(rng)))
        elif r < 0.5:
            parts.append(rng.choice(["text", "A", "<|im_start|>", "x y", "{#", "}", "{", "%}"])
                         if rng.random() < 0.05 else rng.choice(["text", "A", "<|im_start|>", "x y"]))
        elif r < 0.65:
            parts.append(tag(rng, f"if {expr(rng)}") + block(rng, depth + 1)
                         + (tag(rng, "else") + block(rng, depth + 1) if rng.random() < 0.5 else "") + tag(rng, "endif"))
        elif r < 0.78:
            it = rng.choice(["l", "sl", "msgs", "m", "s", "range(3)", "m.items()", "n", "undefined_var", "[]"])
            target = "k, v" if it == "m.items()" else "loop_var"
            cond = f" if {expr(rng)}" if rng.random() < 0.2 else ""
            inner = block(rng, depth + 1) + var(rng, rng.choice(["loop.index", "loop.first", "loop.last", "loop.length", target.split(',')[0]]))
            if rng.random() < 0.2:
                inner += tag(rng, f"if loop.index > 1") + tag(rng, rng.choice(["break", "continue"])) + tag(rng, "endif")
            parts.append(tag(rng, f"for {target} in {it}{cond}") + inner
                         + (tag(rng, "else") + "E" if rng.random() < 0.3 else "") + tag(rng, "endfor"))
        elif r < 0.8:
            parts.append(tag(rng, f"set loop_var = {expr(rng)}"))
        elif r < 0.82:
            parts.append(tag(rng, "set ns = namespace(v=0)") + tag(rng, f"set ns.v = {expr(rng)}"))
        elif r < 0.84:
            parts.append(tag(rng, f"filter {rng.choice(['upper', 'trim', 'indent(2)', 'replace(' + repr('t') + ', ' + repr('T') + ')'])}")
                         + block(rng, depth + 1) + tag(rng, "endfilter"))
        elif r < 0.86:
            parts.append(tag(rng, "set loop_var") + block(rng, depth + 1) + tag(rng, "endset") + var(rng, "loop_var|length"))
        elif r < 0.9:
            parts.append(rng.choice(["{# c #}", "{#- c -#}", "{# multi\nline #}", "{% raw %}{{ r }}{% endraw %}"]))
        elif r < 0.95:
            parts.append(tag(rng, "generation") + block(rng, depth + 1) + tag(rng, "endgeneration"))
        elif r < 0.97:
            parts.append(tag(rng, "macro mac(a, b='B')") + block(rng, depth + 1) + var(rng, "a ~ b")
                         + tag(rng, "endmacro") + var(rng, f"mac({expr(rng)})"))
        elif r < 0.985:
            parts.append(tag(rng, "macro wrap(x)") + "[" + var(rng, "caller(x)") + "]" + tag(rng, "endmacro")
                         + tag(rng, f"call(y) wrap({expr(rng)})") + block(rng, depth + 1) + var(rng, "y") + tag(rng, "endcall"))
        else:
            parts.append(tag(rng, f"with w = {expr(rng)}") + var(rng, "w") + block(rng, depth + 1) + tag(rng, "endwith"))
        parts.append(ws(rng))
    return "".join(parts)


def render(source):
    template = ctu._compile_jinja_template(source)
    blocks, indices = [], []
    with template.environment.activate_tracker(blocks, indices):
        # a fresh copy per render: jinja2 can mutate values (indent does "s += newline" on lists)
        for b in template.generate(**json.loads(json.dumps(CONTEXT))):
            blocks.append(b)
    return "".join(blocks), indices


def main(out_path, count, seed):
    rng = random.Random(seed)
    cases = []
    while len(cases) < count:
        source = block(rng)
        case = {"template": source}
        try:
            text, indices = render(source)
            if " at 0x" in text.lower() or "method" in text or "j)" in text:
                continue  # Python memory addresses and complex numbers are out of scope
            case["output"] = text
            case["generation_indices"] = [list(i) for i in indices]
        except RecursionError:
            continue
        except Exception as e:
            if "object at 0x" in str(e) or "complex" in str(e):
                continue
            case["error"] = f"{type(e).__name__}: {e}"
        cases.append(case)
    doc = {"env": {"jinja2": jinja2.__version__, "seed": seed, "fixed_now": "2025-08-16T10:30:00"},
           "context": CONTEXT, "cases": cases}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000, int(sys.argv[3]) if len(sys.argv) > 3 else 1)
