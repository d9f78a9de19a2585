package io.smolforge.template.prepare;

import java.util.List;

/** Turns a batch of tokenized sequences into training rows. */
public interface SequencePacker {

    List<PackedRow> pack(List<TokenizedExample> batch);
}
