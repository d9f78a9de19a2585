/**
 * A dedicated, sandboxed interpreter for Hugging Face chat templates, matching jinja2 3.1 in the environment
 * transformers builds for {@code apply_chat_template}: {@code ImmutableSandboxedEnvironment} with
 * {@code trim_blocks}, {@code lstrip_blocks}, loop controls, the {@code {% generation %}} block, transformers'
 * {@code tojson}, {@code raise_exception} and {@code strftime_now}.
 *
 * <p>Pipeline: {@link io.smolforge.template.jinja.Lexer} (whitespace control as jinja2's lexer) →
 * {@link io.smolforge.template.jinja.Parser} (jinja2's grammar and error messages) → an AST of
 * {@link io.smolforge.template.jinja.Stmt} and {@link io.smolforge.template.jinja.Expr} records that evaluate
 * themselves against a per-render {@link io.smolforge.template.jinja.Renderer}. Values are plain Java objects
 * with Python semantics ({@link io.smolforge.template.jinja.Py}, {@link io.smolforge.template.jinja.PyFormat},
 * {@link io.smolforge.template.jinja.Operators}); builtins live in {@code Filters}, {@code Tests},
 * {@code Methods} and {@code Globals}. A {@link io.smolforge.template.jinja.Template} is parsed once and is
 * immutable, so one instance serves any number of threads.
 *
 * <p>Safety by construction: a template reaches only dict keys, namespace and loop attributes and the
 * whitelisted str/list/dict methods ({@link io.smolforge.template.jinja.Attributes}); no Java object, class or
 * method is reachable, names starting with an underscore are refused, and values are never re-evaluated as
 * template code. {@link io.smolforge.template.jinja.RenderLimits} bounds output and string size, loop
 * iterations, macro depth and render time; parse nesting is bounded too. Every failure is a
 * {@link io.smolforge.template.jinja.JinjaError} named after the Python exception jinja2 raises, with
 * jinja2's message.
 *
 * <p>Verified against jinja2 3.1.6 in transformers' environment (tests in {@code io.smolforge.template.render}):
 * 25 real templates x 18 conversations, 99 feature probes, 210 SmolForge probes and 3,000 random templates give
 * identical text, generation spans and error class/message; the tiny SmolLM3 model's template matches
 * {@code apply_chat_template} on its 10 golden conversations.
 *
 * <p>Known differences from jinja2: integers are unbounded like Python's but capped at 65,536 bits (a
 * LimitExceeded error beyond); printing a bound method or macro object gives a different placeholder text
 * (Python prints a memory address); {@code x.__class__}-style access raises instead of yielding an undefined
 * value; set operations on dict views and complex numbers are not supported.
 */
package io.smolforge.template.jinja;
