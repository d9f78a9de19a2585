package io.smolforge.template.rest;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/render}: a template ({@code template} source with optional {@code special_tokens}) or a model
 * mirrored in object storage ({@code model}, {@code revision}), and the template variables as transformers
 * passes them ({@code messages}, {@code tools}, {@code add_generation_prompt}, and any
 * {@code chat_template_kwargs} such as {@code enable_thinking}, at top level or under that key).
 */
public class RenderRequest {
    public String template;
    @JsonProperty("special_tokens")
    public Map<String, Object> specialTokens = Map.of();
    public String model;
    public String revision;
    public boolean tokenize;
    @JsonProperty("return_assistant_tokens_mask")
    public boolean returnAssistantTokensMask;
    /** ISO local date-time for {@code strftime_now}, so renders can be pinned. */
    public String now;
    @JsonProperty("chat_template_kwargs")
    public Map<String, Object> chatTemplateKwargs = Map.of();
    /** Everything else is a template variable. */
    public final Map<String, Object> variables = new LinkedHashMap<>();

    @JsonAnySetter
    public void variable(String name, Object value) {
        variables.put(name, value);
    }

    public Map<String, Object> allVariables() {
        Map<String, Object> all = new LinkedHashMap<>(variables);
        all.putAll(chatTemplateKwargs);
        return all;
    }
}
