package io.smolforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ShareGPT with function calls, typed-content messages with reasoning, prompt-completion, column mappings. */
class ConversationFormatsTest {
    @TempDir
    Path dir;

    @Test
    void shareGptFunctionCallsBecomeAssistantToolCallsAndObservationsToolTurns() throws Exception {
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(ConversionRun.golden("sharegpt_toolcall.jsonl")));

        assertThat(run.rejected).isEmpty();
        JsonNode first = run.rows.get(0);
        assertThat(ConversionRun.roles(first)).containsExactly("system", "user", "assistant", "tool", "assistant");
        assertThat(first.at("/messages/0/content").textValue()).isEqualTo("You are a helpful assistant with access to tools.");
        JsonNode call = first.at("/messages/2/tool_calls/0");
        assertThat(call.at("/type").textValue()).isEqualTo("function");
        assertThat(call.at("/function/name").textValue()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments/city").textValue()).isEqualTo("Paris");
        assertThat(first.at("/messages/3/content").textValue()).isEqualTo("{\"temperature\": 18, \"condition\": \"cloudy\"}");
        assertThat(first.at("/tools/0/type").textValue()).isEqualTo("function");
        assertThat(first.at("/tools/0/function/name").textValue()).isEqualTo("get_weather");

        JsonNode second = run.rows.get(1);
        assertThat(second.at("/messages/1/tool_calls")).hasSize(2);
        assertThat(second.at("/messages/1/tool_calls/0/function/arguments/amount").asInt())
                .as("JSON-text arguments become an object").isEqualTo(100);
        assertThat(second.at("/tools/1/function/name").textValue()).isEqualTo("get_time");
        assertThat(ConversionRun.roles(run.rows.get(2))).containsExactly("system", "user", "assistant");
        assertThat(run.statsJson.at("/sources/0/formats/sharegpt").asLong()).isEqualTo(3);
    }

    @Test
    void toolCallsCanBeWrittenAsSmolLM3ToolCallTextForItsContentOnlyTemplate() throws Exception {
        ConversionRun run = ConversionRun.of(dir, ConversionOptions.defaults().withToolCallsAsText(true),
                DatasetSource.of(ConversionRun.golden("sharegpt_toolcall.jsonl")));

        JsonNode call = run.rows.get(0).at("/messages/2");
        assertThat(call.has("tool_calls")).isFalse();
        assertThat(call.get("content").textValue()).isEqualTo(
                "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n</tool_call>");
        assertThat(run.rows.get(1).at("/messages/1/content").textValue()).isEqualTo(
                "<tool_call>\n{\"name\": \"convert_currency\", \"arguments\": {\"amount\": 100, \"from\": \"USD\", \"to\": \"EUR\"}}\n</tool_call>\n"
                        + "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"city\": \"Tokyo\"}}\n</tool_call>");
    }

    @Test
    void aThinkBlockInARowWithThinkingTurnedOffIsRejected() throws Exception {
        Path source = dir.resolve("no-think.jsonl");
        Files.writeString(source, """
                {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "<think>\\nx\\n</think>\\na"}], "chat_template_kwargs": {"enable_thinking": false}}
                {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "<think>\\nx\\n</think>\\na"}], "chat_template_kwargs": {"enable_thinking": true}}
                """);
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(source));

        assertThat(run.rows).hasSize(1);
        assertThat(run.rejected).singleElement().satisfies(r -> {
            assertThat(r.get("reason").textValue()).isEqualTo("misplaced_think_tags");
            assertThat(r.get("field").textValue()).isEqualTo("messages[1].content");
            assertThat(r.get("line").asInt()).isEqualTo(1);
        });
    }

    @Test
    void typedContentAndReasoningBecomeStringsWithALeadingThinkBlock() throws Exception {
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(ConversionRun.golden("messages_reasoning.jsonl")));

        assertThat(run.rejected).isEmpty();
        assertThat(run.rows).hasSize(5);
        JsonNode parts = run.rows.get(0);
        assertThat(parts.at("/messages/0/content").textValue()).isEqualTo("You are a careful math tutor.");
        assertThat(parts.at("/messages/2/content").textValue()).isEqualTo("<think>\n12 * 7 = 84.\n</think>\n12 * 7 = 84.");
        assertThat(parts.at("/chat_template_kwargs/enable_thinking").booleanValue()).isTrue();

        assertThat(run.rows.get(1).at("/messages/1/content").textValue())
                .isEqualTo("<think>\n11 is prime and above 10.\n</think>\n11");
        assertThat(run.rows.get(1).at("/messages/1").has("reasoning_content")).isFalse();
        assertThat(run.rows.get(2).at("/messages/0/content").textValue()).isEqualTo("Part one. Part two.");
        assertThat(run.rows.get(2).at("/chat_template_kwargs/enable_thinking").booleanValue()).isFalse();

        JsonNode tools = run.rows.get(3);
        assertThat(ConversionRun.roles(tools)).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(tools.at("/messages/1/content").textValue()).isEmpty();
        assertThat(tools.at("/messages/1/tool_calls/0/id").textValue()).isEqualTo("call_1");
        assertThat(tools.at("/messages/1/tool_calls/0/function/arguments/city").textValue()).isEqualTo("Oslo");
        assertThat(tools.at("/messages/2/tool_call_id").textValue()).isEqualTo("call_1");
        assertThat(tools.at("/tools/0/function/name").textValue()).isEqualTo("get_weather");

        assertThat(run.rows.get(4).at("/messages/1/content").textValue()).startsWith("<think>\n91 = 7 * 13.");
    }

    @Test
    void anEmptySystemTurnIsLeftOutButAnEmptyUserTurnIsRejected() throws Exception {
        Path source = dir.resolve("empty-system.jsonl");
        Files.writeString(source, """
                {"messages": [{"role": "system", "content": ""}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
                {"conversations": [{"from": "system", "value": " "}, {"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]}
                {"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": ""}, {"role": "assistant", "content": "Hello"}]}
                """);
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(source));

        assertThat(run.rows).hasSize(2).allSatisfy(row -> assertThat(ConversionRun.roles(row)).containsExactly("user", "assistant"));
        assertThat(run.rejected).singleElement().satisfies(r -> {
            assertThat(r.get("field").textValue()).isEqualTo("messages[1].content");
            assertThat(r.get("reason").textValue()).isEqualTo("empty_content");
        });
    }

    @Test
    void promptCompletionRowsKeepTheirType() throws Exception {
        Path source = dir.resolve("pc.jsonl");
        Files.writeString(source, """
                {"prompt": "The sky is", "completion": " blue."}
                {"prompt": [{"role": "user", "content": "Capital of France?"}], "completion": [{"role": "assistant", "content": "Paris."}]}
                """);
        ConversionRun run = ConversionRun.of(dir, ConversionOptions.defaults().withSystemPrompt("Be terse."),
                DatasetSource.of(source));

        assertThat(run.rows.get(0).toString()).isEqualTo("{\"prompt\":\"The sky is\",\"completion\":\" blue.\"}");
        assertThat(run.rows.get(1).at("/prompt/0/role").textValue()).isEqualTo("system");
        assertThat(run.rows.get(1).at("/prompt/1/content").textValue()).isEqualTo("Capital of France?");
        assertThat(run.rows.get(1).at("/completion/0/content").textValue()).isEqualTo("Paris.");
    }

    @Test
    void alpacaHistoryComesFirstAndSystemColumnLeads() throws Exception {
        Path source = dir.resolve("alpaca.jsonl");
        Files.writeString(source, """
                {"instruction": "And times 3?", "input": "", "output": "6", "system": "You do arithmetic.", "history": [["1+1?", "2"]]}
                """);
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(source));

        assertThat(ConversionRun.roles(run.rows.get(0))).containsExactly("system", "user", "assistant", "user", "assistant");
        assertThat(run.rows.get(0).at("/messages/1/content").textValue()).isEqualTo("1+1?");
        assertThat(run.rows.get(0).at("/messages/3/content").textValue()).isEqualTo("And times 3?");
    }

    @Test
    void aColumnMappingFileDescribesACustomSchema() throws Exception {
        Path source = dir.resolve("custom.jsonl");
        Files.writeString(source, """
                {"dialog": [{"speaker": "customer", "text": "My order is late."}, {"speaker": "agent", "text": "Sorry, it ships today."}], "persona": "Support agent"}
                """);
        Path mappingFile = dir.resolve("dataset_info.json");
        Files.writeString(mappingFile, """
                {"support": {"formatting": "sharegpt",
                             "columns": {"messages": "dialog", "system": "persona"},
                             "tags": {"role_tag": "speaker", "content_tag": "text", "user_tag": "customer", "assistant_tag": "agent"}},
                 "other": {"columns": {"prompt": "q", "response": "a"}}}
                """);
        ConversionRun run = ConversionRun.of(dir,
                DatasetSource.of(source).withMapping(ColumnMapping.load(mappingFile, "support")));

        assertThat(ConversionRun.roles(run.rows.get(0))).containsExactly("system", "user", "assistant");
        assertThat(run.rows.get(0).at("/messages/0/content").textValue()).isEqualTo("Support agent");
        assertThat(run.rows.get(0).at("/messages/2/content").textValue()).isEqualTo("Sorry, it ships today.");

        Path qa = dir.resolve("qa.csv");
        Files.writeString(qa, "q,a\nWhat is 2+2?,4\n");
        ConversionRun alpaca = ConversionRun.of(dir.resolve("qa"),
                DatasetSource.of(qa).withMapping(ColumnMapping.load(mappingFile, "other")));
        assertThat(alpaca.rows.get(0).at("/messages/0/content").textValue()).isEqualTo("What is 2+2?");
        assertThat(alpaca.rows.get(0).at("/messages/1/content").textValue()).isEqualTo("4");
    }

    @Test
    void csvAndGzipAndJsonArraysAreRead() throws Exception {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "question,answer\n\"How many legs, in total, do 2 cats have?\",\"2 * 4 = 8\n#### 8\"\n");
        Path gz = dir.resolve("rows.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("{\"text\": \"compressed\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path array = dir.resolve("rows.json");
        Files.writeString(array, "[{\"prompt\": \"a\", \"completion\": \"b\"},\n {\"text\": \"c\"}]");

        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(csv), DatasetSource.of(gz), DatasetSource.of(array));

        assertThat(run.rejected).isEmpty();
        assertThat(run.rows).hasSize(4);
        assertThat(run.rows.get(0).at("/metadata/final_answer").textValue()).isEqualTo("8");
        assertThat(run.rows.get(0).at("/messages/1/content").textValue()).isEqualTo("2 * 4 = 8\n#### 8");
        assertThat(run.rows.get(1).get("text").textValue()).isEqualTo("compressed");
        assertThat(run.rows.get(3).get("text").textValue()).isEqualTo("c");
    }
}
