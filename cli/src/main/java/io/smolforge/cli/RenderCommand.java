package io.smolforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.template.render.ChatTemplate;
import io.smolforge.template.render.TemplateError;
import io.smolforge.template.tokens.ChatTemplateTokenizer;
import io.smolforge.template.tokens.ChatTemplateTokenizer.TokenizedChat;
import io.smolforge.template.tokens.ModelTokenizer;
import io.smolforge.template.tokens.TokenizationException;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code smolforge render}: {@code apply_chat_template} on local files, one conversation per line. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {
                "Render chat templates as transformers' apply_chat_template does.",
                "Each input line is a JSON object of template variables (messages, add_generation_prompt, tools,"
                        + " and kwargs such as enable_thinking at top level). Each output line is {\"text\": ...},"
                        + " plus input_ids and assistant_masks when --model is given, or {\"error\": ...}."})
public final class RenderCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", required = true,
                description = "Model folder: chat_template.jinja or tokenizer_config.json, and tokenizer.json.")
        Path model;

        @Option(names = "--template", paramLabel = "FILE", required = true, description = "A Jinja chat template file.")
        Path template;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--special-tokens", paramLabel = "JSON",
            description = "With --template: special tokens as a JSON object (inline, or a file), e.g. {\"eos_token\": \"<|im_end|>\"}.")
    String specialTokens;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "JSONL of template variables ('-' = stdin).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "JSONL results ('-' = stdout).")
    String output;

    @Option(names = "--now", paramLabel = "DATETIME",
            description = "The time strftime_now sees, e.g. 2026-01-01T12:00:00 (default: the current time).")
    String now;

    @Override
    public Integer call() throws IOException {
        try {
            return render();
        } catch (TemplateError | TokenizationException e) { // the template or tokenizer itself cannot be loaded
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int render() throws IOException {
        if (source.template != null && specialTokens == null) {
            specialTokens = "{}";
        }
        if (source.model != null && specialTokens != null) {
            throw new ParameterException(spec.commandLine(), "--special-tokens goes with --template; a model brings its own");
        }
        ChatTemplate template = (source.model != null ? ChatTemplate.fromModelDir(source.model)
                : ChatTemplate.fromFile(source.template, parseSpecialTokens())).withClock(clock());
        ModelTokenizer tokenizer = source.model != null ? ModelTokenizer.fromModelDir(source.model) : null;
        ChatTemplateTokenizer chats = tokenizer == null ? null : new ChatTemplateTokenizer(template, tokenizer);
        int lines = 0;
        int errors = 0;
        try (BufferedReader in = open(input); PrintWriter out = create(output)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                Map<String, Object> result = renderLine(line, template, chats);
                errors += result.containsKey("error") ? 1 : 0;
                out.println(JSON.writeValueAsString(result));
            }
        } finally {
            if (tokenizer != null) {
                tokenizer.close();
            }
        }
        System.err.printf("rendered %d lines, %d errors%n", lines, errors);
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> renderLine(String line, ChatTemplate template, ChatTemplateTokenizer chats) {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            Object value = JSON.readValue(line, Object.class);
            if (!(value instanceof Map<?, ?>)) {
                result.put("error", "a line must be a JSON object of template variables");
                return result;
            }
            Map<String, Object> variables = (Map<String, Object>) value;
            if (chats == null) {
                result.put("text", template.render(variables).text());
            } else {
                TokenizedChat chat = chats.apply(variables);
                result.put("text", chat.text());
                result.put("input_ids", chat.inputIds());
                result.put("assistant_masks", chat.assistantMasks());
            }
        } catch (JsonProcessingException e) {
            result.put("error", "not JSON: " + e.getOriginalMessage());
        } catch (TemplateError | TokenizationException e) {
            result.put("error", e.getMessage());
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parseSpecialTokens() throws IOException {
        String json = specialTokens.strip().startsWith("{") ? specialTokens : Files.readString(Path.of(specialTokens));
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--special-tokens is not a JSON object: " + e.getOriginalMessage());
        }
    }

    private Clock clock() {
        if (now == null) {
            return Clock.systemDefaultZone();
        }
        try {
            return Clock.fixed(LocalDateTime.parse(now).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--now must look like 2026-01-01T12:00:00, got " + now);
        }
    }

    private static BufferedReader open(String path) throws IOException {
        return "-".equals(path) ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
    }

    private static PrintWriter create(String path) throws IOException {
        if ("-".equals(path)) {
            return new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        }
        Path file = Path.of(path);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        return new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }
}
