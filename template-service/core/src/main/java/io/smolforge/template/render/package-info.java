/**
 * Chat templates as transformers' {@code apply_chat_template} renders them:
 * {@link io.smolforge.template.render.ChatTemplate} loads a model's template and special tokens
 * ({@code chat_template.jinja}, {@code tokenizer_config.json}, {@code chat_template.json}), renders template
 * variables to a {@link io.smolforge.template.render.RenderedChat} with the
 * {@link io.smolforge.template.render.Span}s of its {@code {% generation %}} blocks, and reports every failure
 * as a {@link io.smolforge.template.render.TemplateError}.
 */
package io.smolforge.template.render;
