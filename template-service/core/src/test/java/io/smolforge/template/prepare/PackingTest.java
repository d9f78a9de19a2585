package io.smolforge.template.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.template.tokens.GoldenFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Packing against TRL 1.13's {@code pack_dataset} output (golden/packing_cases.json). */
class PackingTest {

    private static JsonNode golden;
    private static List<TokenizedExample> sequences;

    @BeforeAll
    static void load() throws Exception {
        golden = new ObjectMapper().readTree(GoldenFiles.path("packing_cases.json").toFile());
        sequences = new ArrayList<>();
        int nextId = 1;
        for (JsonNode length : golden.get("lengths")) {
            int[] ids = new int[length.asInt()];
            int[] labels = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = nextId++;
                labels[i] = -ids[i];
            }
            sequences.add(new TokenizedExample(ids, labels));
        }
    }

    /** TRL packs inside each 1,000-row batch of {@code Dataset.map}. */
    private static List<PackedRow> packInTrlBatches(SequencePacker packer) {
        List<PackedRow> rows = new ArrayList<>();
        for (int from = 0; from < sequences.size(); from += PrepareStage.TRL_MAP_BATCH_SIZE) {
            rows.addAll(packer.pack(sequences.subList(from, Math.min(sequences.size(), from + PrepareStage.TRL_MAP_BATCH_SIZE))));
        }
        return rows;
    }

    private static void assertSameAsTrl(List<PackedRow> rows, JsonNode expected, boolean checkSeqLengths) {
        assertSameAsTrl(rows, expected, expected.size(), checkSeqLengths);
    }

    /** The first {@code count} rows of TRL's output against ours. */
    private static void assertSameAsTrl(List<PackedRow> rows, JsonNode expected, int count, boolean checkSeqLengths) {
        assertThat(rows).hasSize(count);
        for (int r = 0; r < rows.size(); r++) {
            PackedRow row = rows.get(r);
            int at = 0;
            for (JsonNode run : expected.get(r).get("runs")) {
                for (int k = 0; k < run.get(1).asInt(); k++, at++) {
                    assertThat(row.inputIds()[at]).as("row %d token %d", r, at).isEqualTo(run.get(0).asInt() + k);
                    assertThat(row.labels()[at]).isEqualTo(-row.inputIds()[at]);
                }
            }
            assertThat(at).as("row %d length", r).isEqualTo(row.length());
            if (checkSeqLengths) {
                assertThat(row.sequenceLengths()).as("row %d seq_lengths", r)
                        .containsExactly(GoldenFiles.ints(expected.get(r).get("seq_lengths")));
            }
        }
    }

    @Test
    void bestFitDecreasingEqualsTrlBinForBin() {
        assertSameAsTrl(packInTrlBatches(new BestFitDecreasingPacker(128, false)), golden.get("bfd"), true);
    }

    @Test
    void bestFitDecreasingWithSplitEqualsTrl() {
        assertSameAsTrl(packInTrlBatches(new BestFitDecreasingPacker(128, true)), golden.get("bfd_split"), true);
    }

    /**
     * TRL 1.13's {@code _pack_wrapped} rebuilds each map batch's lists on the unsliced Arrow values
     * buffer, so from the second 1,000-row batch on it re-reads tokens from the start of the dataset
     * (its output here has row 496 starting again at id 1, and 60% of the ids never appear). We
     * keep the intended behaviour: equal to TRL on the first batch, and every batch cut from its own tokens.
     */
    @Test
    void wrappedEqualsTrlOnTheFirstBatchAndCutsEachBatchFromItsOwnTokens() {
        List<PackedRow> rows = packInTrlBatches(new WrappedPacker(128));
        JsonNode trl = golden.get("wrapped");
        int firstBatchRows = 0;
        while (trl.get(firstBatchRows + 1).get("runs").get(0).get(0).asInt() != 1) {
            firstBatchRows++;
        }
        firstBatchRows++;
        assertSameAsTrl(rows.subList(0, firstBatchRows), trl, firstBatchRows, false);

        int expectedId = 1;
        long total = 0;
        for (PackedRow row : rows) {
            assertThat(row.length()).isBetween(1, 128);
            for (int id : row.inputIds()) {
                assertThat(id).isEqualTo(expectedId++);
            }
            total += row.length();
        }
        assertThat(total).isEqualTo(sequences.stream().mapToInt(TokenizedExample::length).sum());
    }

    @Test
    void positionIdsRestartAtEverySequence() {
        PackedRow row = new PackedRow(new int[5], new int[5], new int[] {3, 2});
        assertThat(row.positionIds()).containsExactly(0, 1, 2, 0, 1);
    }

    @Test
    void unpackedRowsTruncateAndDropRowsLeftWithoutLoss() {
        TokenizedExample promptHeavy = new TokenizedExample(new int[] {1, 2, 3, 4}, new int[] {-100, -100, -100, 4});
        TokenizedExample fine = new TokenizedExample(new int[] {5, 6}, new int[] {-100, 6});

        List<PackedRow> keepStart = new UnpackedRows(3, TruncationMode.KEEP_START).pack(List.of(promptHeavy, fine));
        assertThat(keepStart).hasSize(1);
        assertThat(keepStart.get(0).inputIds()).containsExactly(5, 6);

        List<PackedRow> keepEnd = new UnpackedRows(3, TruncationMode.KEEP_END).pack(List.of(promptHeavy));
        assertThat(keepEnd.get(0).inputIds()).containsExactly(2, 3, 4);

        assertThat(new UnpackedRows(null, TruncationMode.KEEP_START).pack(List.of(promptHeavy)).get(0).length()).isEqualTo(4);
    }
}
