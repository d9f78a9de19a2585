package io.smolforge.trainer.data;

import io.smolforge.api.tokens.TokenShard;
import io.smolforge.api.tokens.TokenShardWriter;
import io.smolforge.trainer.model.ModelBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingDataTest {

    @TempDir
    Path temp;

    @Test
    void readsPrepareFolderRowsWithTheirPositions() throws Exception {
        // row 0: two packed sequences (3 + 2 tokens), row 1: one sequence of 4
        TokenShard shard = new TokenShard(
                new long[] {10, 11, 12, 20, 21, 30, 31, 32, 33},
                new long[] {-100, 11, 12, -100, 21, -100, -100, 32, 33},
                new long[] {0, 1, 2, 0, 1, 0, 1, 2, 3},
                new long[] {5, 4},
                TokenShard.metadata("bfd", 8));
        TokenShardWriter.write(shard, temp.resolve(TokenShardWriter.fileName(0)));
        List<TokenizedExample> examples = TrainingData.load(temp);
        assertThat(examples).hasSize(2);
        assertThat(examples.get(0).inputIds()).containsExactly(10, 11, 12, 20, 21);
        assertThat(examples.get(0).positionIds()).containsExactly(0, 1, 2, 0, 1);
        assertThat(examples.get(1).labels()).containsExactly(-100, -100, 32, 33);

        ModelBatch batch = new BatchCollator(2).collate(examples);
        // targets: 11, 12 (row 0, first sequence), 21 (second), 32, 33 (row 1); never across the boundary
        assertThat(batch.countLabelTokens()).isEqualTo(5);
    }

    @Test
    void jsonlErrorsNameFileAndLine() throws Exception {
        Path file = temp.resolve("rows.jsonl");
        Files.writeString(file, "{\"input_ids\": [1, 2]}\n{\"input_ids\": [1, \"x\"]}\n");
        assertThatThrownBy(() -> TrainingData.load(file))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("rows.jsonl:2").hasMessageContaining("input_ids");
    }

    @Test
    void packsAMicroBatchIntoFewRowsWithoutChangingWhatIsPredicted() {
        List<TokenizedExample> examples = List.of(
                new TokenizedExample(new long[] {1, 2, 3, 4, 5, 6}, null),
                new TokenizedExample(new long[] {7, 8, 9}, null),
                new TokenizedExample(new long[] {10, 11}, null),
                new TokenizedExample(new long[] {12, 13, 14, 15}, null));
        BatchCollator collator = new BatchCollator(0);
        ModelBatch padded = collator.collate(examples);
        ModelBatch packed = collator.collatePacked(examples, 8);
        assertThat(padded.rows()).isEqualTo(4);
        assertThat(packed.rows()).isEqualTo(2);
        assertThat(packed.length()).isEqualTo(8);
        assertThat(packed.countLabelTokens()).isEqualTo(padded.countLabelTokens());
        assertThat(packed.countRealTokens()).isEqualTo(15);
    }
}
