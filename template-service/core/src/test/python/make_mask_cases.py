"""Makes golden/mask_cases.jsonl: assistant masks as transformers 5.18 builds them.

Each case is a rendered chat, its {% generation %} spans (Python string indices = code points)
and what `apply_chat_template(tokenize=True, return_assistant_tokens_mask=True)` returned, on the
tiny SmolLM3 tokenizer. The template puts the generation block right after a ':' so that tokens
straddle the span edge, and the contents carry emoji (code points != UTF-16 chars).

Run: /work/venv/bin/python make_mask_cases.py <model_dir> <out.jsonl>
"""
import json
import sys

from transformers import AutoTokenizer
from transformers.utils.chat_template_utils import _compile_jinja_template, _render_with_assistant_indices

TEMPLATE = (
    "{% for m in messages %}{{ m.role }}:"
    "{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}"
    "{% else %}{{ m.content }}{% endif %}{{ eos_token if m.role == 'assistant' else '' }}\n{% endfor %}"
)

# Generation starts and ends inside words: the straddling tokens belong to the mask.
MIDWORD_TEMPLATE = (
    "{% for m in messages %}{{ m.role }}"
    "{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}"
    "{% else %}{{ m.content }}{% endif %}ing {% endfor %}"
)

CONVERSATIONS = [
    [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello there"}],
    [{"role": "user", "content": "Smile 😀 please"}, {"role": "assistant", "content": "😀😀 done 🎉"}],
    [{"role": "user", "content": "a"}, {"role": "assistant", "content": "48 clips"},
     {"role": "user", "content": "more 🐍"}, {"role": "assistant", "content": " spaced  out "}],
    [{"role": "user", "content": "x"}, {"role": "assistant", "content": ""},
     {"role": "user", "content": "y"}, {"role": "assistant", "content": "z"}],
    [{"role": "assistant", "content": "first"}],
]

CASES = [(TEMPLATE, c) for c in CONVERSATIONS] + [
    (MIDWORD_TEMPLATE, [{"role": "user", "content": "s"}, {"role": "assistant", "content": "ant help"}]),
    (MIDWORD_TEMPLATE, [{"role": "user", "content": "q"}, {"role": "assistant", "content": "s😀x"}]),
]


def main(model_dir, out_path):
    tok = AutoTokenizer.from_pretrained(model_dir)
    with open(out_path, "w", encoding="utf-8") as out:
        for template, messages in CASES:
            compiled = _compile_jinja_template(template)
            text, spans = _render_with_assistant_indices(
                compiled, messages, None, None, False, **tok.special_tokens_map)
            result = tok.apply_chat_template(
                messages, chat_template=template, tokenize=True, return_dict=True,
                return_assistant_tokens_mask=True)
            out.write(json.dumps({
                "template": template,
                "messages": messages,
                "text": text,
                "generation_spans": [list(s) for s in spans],
                "input_ids": result["input_ids"],
                "offsets": [list(o) for o in tok(
                    text, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]],
                "assistant_masks": result["assistant_masks"],
            }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
