package io.smolforge.api.spec;

import io.smolforge.api.spec.ValueType.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypeTest {

    @Test
    void readsPythonAnnotationsOfTheTrlDump() {
        assertThat(ValueType.fromPython("<class 'int'>")).isEqualTo(ValueType.of(Kind.INTEGER, false));
        assertThat(ValueType.fromPython("float | None")).isEqualTo(ValueType.of(Kind.NUMBER, true));
        assertThat(ValueType.fromPython("dict[str, Any] | str | None").kinds()).containsExactlyInAnyOrder(Kind.MAP, Kind.STRING);
        assertThat(ValueType.fromPython("Union[str, NoneType, Literal[False]]"))
                .satisfies(t -> assertThat(t.kinds()).containsExactlyInAnyOrder(Kind.STRING, Kind.BOOLEAN))
                .satisfies(t -> assertThat(t.nullable()).isTrue());
        assertThat(ValueType.fromPython("transformers.trainer_utils.SchedulerType | str").kinds()).containsExactly(Kind.STRING);
        assertThat(ValueType.fromPython("None | str | list[str]").describe()).isEqualTo("a string, a list of strings or null");
    }

    @Test
    void unknownPythonTypeFailsLoudly() {
        assertThatThrownBy(() -> ValueType.fromPython("tuple[int, int]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tuple[int, int]");
    }

    @Test
    void closestNameAllowsTyposOnly() {
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ClosestName.among("lora_alfa", java.util.List.of("lora_r", "lora_alpha", "lora_dropout"))).contains("lora_alpha");
        assertThat(ClosestName.among("zzz", java.util.List.of("lora_r", "seed"))).isEmpty();
    }
}
