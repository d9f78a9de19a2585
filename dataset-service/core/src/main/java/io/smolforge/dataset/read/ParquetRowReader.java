package io.smolforge.dataset.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.file.Path;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a local Parquet file row by row (parquet-java holds one row group's pages, not the file) and turns each
 * row into the JSON object the Hugging Face {@code datasets} library would show: LIST columns become arrays,
 * MAP columns and structs become objects, strings are decoded as UTF-8. Snappy, zstd and uncompressed files are
 * read (what the Hub's Parquet files use); gzip-, LZ4- or Brotli-compressed column chunks fail with a clear error.
 */
public final class ParquetRowReader implements RowReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ParquetReader<Group> reader;
    private final CharsetDecoder decoder = InvalidUtf8.markingDecoder();
    private long rowNumber;
    private boolean finished;

    public ParquetRowReader(Path file) throws IOException {
        this.reader = new ParquetReader.Builder<Group>(new LocalInputFile(file), new PlainParquetConfiguration()) {
            @Override
            protected ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        }.build();
    }

    @Override
    public RawRow next() throws IOException {
        if (finished) {
            return null;
        }
        Group group;
        try {
            group = reader.read();
        } catch (IOException | RuntimeException | LinkageError e) {
            finished = true;
            rowNumber++;
            return RawRow.failed(rowNumber, -1, null, new RowRejectedException(null, RejectReason.UNREADABLE_SOURCE,
                    "Parquet cannot be read from row " + rowNumber + " on: " + e));
        }
        if (group == null) {
            finished = true;
            return null;
        }
        rowNumber++;
        return RawRow.of(rowNumber, -1, toObject(group), null);
    }

    private ObjectNode toObject(Group group) {
        GroupType type = group.getType();
        ObjectNode object = NODES.objectNode();
        for (int f = 0; f < type.getFieldCount(); f++) {
            Type field = type.getType(f);
            int count = group.getFieldRepetitionCount(f);
            if (field.isRepetition(Type.Repetition.REPEATED)) {
                ArrayNode values = object.putArray(field.getName());
                for (int i = 0; i < count; i++) {
                    values.add(value(group, f, i, field));
                }
            } else {
                object.set(field.getName(), count == 0 ? NODES.nullNode() : value(group, f, 0, field));
            }
        }
        return object;
    }

    private JsonNode value(Group group, int field, int index, Type type) {
        if (type.isPrimitive()) {
            return primitive(group, field, index, type.asPrimitiveType());
        }
        Group child = group.getGroup(field, index);
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return list(child);
        }
        if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            return map(child);
        }
        return toObject(child);
    }

    /** A LIST group holds one repeated field; in the standard 3-level layout that field wraps the element. */
    private ArrayNode list(Group listGroup) {
        ArrayNode array = NODES.arrayNode();
        Type repeated = listGroup.getType().getType(0);
        int count = listGroup.getFieldRepetitionCount(0);
        boolean threeLevel = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
                && !repeated.getName().equals("array") && !repeated.getName().endsWith("_tuple");
        for (int i = 0; i < count; i++) {
            if (threeLevel) {
                Group wrapper = listGroup.getGroup(0, i);
                Type element = wrapper.getType().getType(0);
                array.add(wrapper.getFieldRepetitionCount(0) == 0 ? NODES.nullNode() : value(wrapper, 0, 0, element));
            } else {
                array.add(value(listGroup, 0, i, repeated));
            }
        }
        return array;
    }

    private ObjectNode map(Group mapGroup) {
        ObjectNode object = NODES.objectNode();
        int count = mapGroup.getFieldRepetitionCount(0);
        for (int i = 0; i < count; i++) {
            Group entry = mapGroup.getGroup(0, i);
            GroupType entryType = entry.getType();
            JsonNode key = value(entry, 0, 0, entryType.getType(0));
            JsonNode value = entryType.getFieldCount() > 1 && entry.getFieldRepetitionCount(1) > 0
                    ? value(entry, 1, 0, entryType.getType(1)) : NODES.nullNode();
            object.set(key.isTextual() ? key.textValue() : key.toString(), value);
        }
        return object;
    }

    private JsonNode primitive(Group group, int field, int index, PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return NODES.booleanNode(group.getBoolean(field, index));
            case INT32:
                if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    return NODES.numberNode(BigDecimal.valueOf(group.getInteger(field, index), d.getScale()));
                }
                return NODES.numberNode(group.getInteger(field, index));
            case INT64:
                if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    return NODES.numberNode(BigDecimal.valueOf(group.getLong(field, index), d.getScale()));
                }
                return NODES.numberNode(group.getLong(field, index));
            case FLOAT:
                return NODES.numberNode(group.getFloat(field, index));
            case DOUBLE:
                return NODES.numberNode(group.getDouble(field, index));
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                byte[] bytes = group.getBinary(field, index).getBytes();
                if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    return NODES.numberNode(new BigDecimal(new BigInteger(bytes), d.getScale()));
                }
                return NODES.textNode(decode(bytes));
            default:
                // INT96 (legacy timestamps) has no meaning for chat data; keep the raw value visible
                return NODES.textNode(group.getValueToString(field, index));
        }
    }

    private String decode(byte[] bytes) {
        try {
            return decoder.reset().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
