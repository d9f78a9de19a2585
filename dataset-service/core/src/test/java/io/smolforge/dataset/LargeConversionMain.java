package io.smolforge.dataset;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

/**
 * Converts one file into a part directory and prints the row counts and the peak heap; run by
 * {@link FlatMemoryTest} in a JVM with a small fixed heap.
 * Arguments: input file, output directory, work directory, "shuffle" or "ordered".
 */
public final class LargeConversionMain {
    public static void main(String[] args) throws Exception {
        ConversionOptions options = ConversionOptions.defaults()
                .withWorkDir(Path.of(args[2]))
                .withShuffle(args[3].equals("shuffle"));
        ConversionStats stats = new DatasetConverter(options)
                .convert(List.of(DatasetSource.of(Path.of(args[0]))), new PartDirectoryOutput(Path.of(args[1]), 64L << 20));
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("rows_in=" + stats.rowsRead() + " rows_out=" + stats.rowsOut()
                + " peak_heap_mib=" + (peak >> 20) + " max_heap_mib=" + (Runtime.getRuntime().maxMemory() >> 20));
    }
}
