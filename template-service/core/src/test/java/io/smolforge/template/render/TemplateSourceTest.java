package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateSourceTest {
    private static final Map<String, Object> HI = Map.of("messages", List.of(Map.of("role", "user", "content", "hi")));

    @Test
    void jinjaFileWinsOverTokenizerConfig(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("chat_template.jinja"), "J{{ eos_token }}");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"C\", \"eos_token\": \"</s>\"}");
        assertThat(ChatTemplate.fromModelDir(dir).render(HI).text()).isEqualTo("J</s>");
    }

    @Test
    void readsStringTemplateAndAddedTokenObjectsFromTokenizerConfig(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{{ bos_token }}{{ messages[0].content }}"
                + "{{ eos_token }}[{{ unk_token }}]\", \"bos_token\": {\"content\": \"<s>\", \"lstrip\": false},"
                + " \"eos_token\": \"</s>\", \"unk_token\": null}");
        assertThat(ChatTemplate.fromModelDir(dir).render(HI).text()).isEqualTo("<s>hi</s>[]");
    }

    @Test
    void usesTheDefaultOfNamedTemplates(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"},"
                + " {\"name\": \"default\", \"template\": \"D\"}]}");
        ChatTemplate template = ChatTemplate.fromModelDir(dir);
        assertThat(template.render(HI).text()).isEqualTo("D");
        assertThat(template.name()).endsWith("#default");
    }

    @Test
    void fallsBackToProcessorChatTemplateJson(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("chat_template.json"), "{\"chat_template\": \"P{{ messages|length }}\"}");
        assertThat(ChatTemplate.fromModelDir(dir).render(HI).text()).isEqualTo("P1");
    }

    @Test
    void missingTemplateNamesTheDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        assertThatThrownBy(() -> ChatTemplate.fromModelDir(dir)).isInstanceOf(TemplateError.class)
                .hasMessageContaining(dir.toString());
    }

    @Test
    void unsetSpecialTokensAreLeftUndefined() {
        Map<String, Object> tokens = new java.util.HashMap<>();
        tokens.put("bos_token", null);
        tokens.put("eos_token", "</s>");
        ChatTemplate t = ChatTemplate.of("[{{ bos_token }}][{{ bos_token is defined }}][{{ eos_token }}]", "t", tokens);
        assertThat(t.render(HI).text()).isEqualTo("[][False][</s>]");
    }

    @Test
    void syntaxErrorNamesTemplateAndLine() {
        assertThatThrownBy(() -> ChatTemplate.of("a\nb\n{% if x %}\n{{ 1 + }}", "broken.jinja", Map.of()))
                .isInstanceOf(TemplateError.class)
                .hasMessage("template 'broken.jinja' line 4: TemplateSyntaxError: unexpected 'end of print statement'");
    }

    @Test
    void runtimeErrorNamesTemplateAndLine() {
        ChatTemplate t = ChatTemplate.of("{% for m in messages %}\n{{ m.content + 1 }}\n{% endfor %}", "t.jinja", Map.of());
        assertThatThrownBy(() -> t.render(HI)).isInstanceOf(TemplateError.class)
                .hasMessage("template 't.jinja' line 2: TypeError: can only concatenate str (not \"int\") to str")
                .satisfies(e -> assertThat(((TemplateError) e).line()).isEqualTo(2));
    }
}
