package io.smolforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Parquet file shaped like HuggingFaceTB/smoltalk2's (as pyarrow writes it) converts with roles and kwargs. */
class ParquetInputTest {
    /** smoltalk2's columns: messages list<struct<content, role>>, chat_template_kwargs struct, source. */
    private static final MessageType SMOLTALK2 = MessageTypeParser.parseMessageType("""
            message schema {
              optional group messages (LIST) {
                repeated group list {
                  optional group element {
                    optional binary content (STRING);
                    optional binary role (STRING);
                  }
                }
              }
              optional group chat_template_kwargs {
                optional binary custom_instructions (STRING);
                optional boolean enable_thinking;
                optional group python_tools (LIST) { repeated group list { optional binary element (STRING); } }
                optional group xml_tools (LIST) { repeated group list { optional binary element (STRING); } }
              }
              optional binary source (STRING);
            }
            """);

    @TempDir
    Path dir;

    @Test
    void smoltalk2LikeParquetConvertsWithRolesAndChatTemplateKwargs() throws Exception {
        Path file = dir.resolve("smoltalk2-like.parquet");
        writeSmoltalk2Like(file, CompressionCodecName.SNAPPY);

        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(file));

        assertThat(run.rejected).isEmpty();
        assertThat(run.rows).hasSize(3);
        JsonNode think = run.rows.get(0);
        assertThat(ConversionRun.roles(think)).containsExactly("system", "user", "assistant");
        assertThat(think.at("/messages/2/content").textValue()).isEqualTo("<think>\n2 + 2 = 4.\n</think>\nThe answer is 4.");
        assertThat(think.at("/chat_template_kwargs/enable_thinking").booleanValue()).isTrue();
        assertThat(think.at("/chat_template_kwargs/custom_instructions").textValue()).isEqualTo("Be precise.");
        assertThat(think.at("/chat_template_kwargs/xml_tools")).hasSize(1);
        assertThat(think.at("/chat_template_kwargs").has("python_tools")).as("null struct fields are dropped").isFalse();

        JsonNode noThink = run.rows.get(1);
        assertThat(ConversionRun.roles(noThink)).containsExactly("user", "assistant", "user", "assistant");
        assertThat(noThink.at("/chat_template_kwargs/enable_thinking").booleanValue()).isFalse();
        assertThat(run.rows.get(2).at("/messages/1/content").textValue()).isEqualTo("Oui.");
        assertThat(run.statsJson.at("/sources/0/formats/messages").asLong()).isEqualTo(3);
    }

    @Test
    void zstdParquetStreamedThroughGzipIsCopiedAndRead() throws Exception {
        Path file = dir.resolve("plain.parquet");
        writeSmoltalk2Like(file, CompressionCodecName.ZSTD);
        Path gz = dir.resolve("upload.parquet.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(file, out);
        }

        ConversionRun run = ConversionRun.of(dir,
                DatasetSource.of("uploads/upload.parquet.gz", () -> Files.newInputStream(gz)));

        assertThat(run.rows).hasSize(3);
        assertThat(ConversionRun.roles(run.rows.get(0))).containsExactly("system", "user", "assistant");
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left.filter(p -> p.toString().endsWith(".parquet"))).as("temporary copy removed").isEmpty();
        }
    }

    @Test
    void aCorruptParquetFileIsReportedNotThrown() throws Exception {
        Path file = dir.resolve("broken.parquet");
        Files.write(file, "PAR1 this is not really parquet PAR1".getBytes());

        ConversionRun run;
        try {
            run = ConversionRun.of(dir, DatasetSource.of(file), DatasetSource.of(ConversionRun.golden("sharegpt_toolcall.jsonl")));
        } catch (ConversionFailedException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        assertThat(run.rejected).singleElement().satisfies(r -> {
            assertThat(r.get("source").textValue()).isEqualTo("broken.parquet");
            assertThat(r.get("reason").textValue()).isEqualTo("unreadable_source");
        });
        assertThat(run.rows).hasSize(3);
    }

    static void writeSmoltalk2Like(Path file, CompressionCodecName codec) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SMOLTALK2);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(SMOLTALK2).withCompressionCodec(codec).build()) {
            Group think = groups.newGroup();
            Group messages = think.addGroup("messages");
            message(messages, "system", "You are SmolLM3.");
            message(messages, "user", "What is 2 + 2?");
            message(messages, "assistant", "<think>\n2 + 2 = 4.\n</think>\nThe answer is 4.");
            Group kwargs = think.addGroup("chat_template_kwargs");
            kwargs.add("custom_instructions", "Be precise.");
            kwargs.add("enable_thinking", true);
            kwargs.addGroup("xml_tools").addGroup("list").add("element", "{\"name\": \"calc\"}");
            think.add("source", "smoltalk2-think");
            writer.write(think);

            Group noThink = groups.newGroup();
            Group turns = noThink.addGroup("messages");
            message(turns, "user", "Hello");
            message(turns, "assistant", "Hi! How can I help?");
            message(turns, "user", "Nothing, thanks.");
            message(turns, "assistant", "Have a nice day.");
            noThink.addGroup("chat_template_kwargs").add("enable_thinking", false);
            writer.write(noThink);

            Group french = groups.newGroup();
            Group fr = french.addGroup("messages");
            message(fr, "user", "Est-ce que ça marche ?");
            message(fr, "assistant", "Oui.");
            writer.write(french);
        }
    }

    private static void message(Group list, String role, String content) {
        Group element = list.addGroup("list").addGroup("element");
        element.add("content", content);
        element.add("role", role);
    }

    static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file);
    }
}
