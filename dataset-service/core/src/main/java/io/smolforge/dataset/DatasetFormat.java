package io.smolforge.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The row schemas the converter understands; {@link #cliName()} is how the CLI and job specs name them. */
public enum DatasetFormat {
    /** Decide per row from its columns. */
    AUTO("auto"),
    /** {@code {question, answer}} with the final answer after {@code ####}. */
    GSM8K("gsm8k"),
    /** {@code {instruction, input, output, system?, history?}}. */
    ALPACA("alpaca"),
    /** {@code {conversations: [{from, value}], system?, tools?}}. */
    SHAREGPT("sharegpt"),
    /** OpenAI/TRL {@code {messages: [{role, content, …}], tools?, chat_template_kwargs?}}. */
    MESSAGES("messages"),
    /** TRL prompt-completion: strings or message lists. */
    PROMPT_COMPLETION("prompt-completion"),
    /** Language modelling: {@code {text}}. */
    TEXT("text");

    private final String cliName;

    DatasetFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static DatasetFormat fromName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetFormat format : values()) {
            if (format.cliName.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown dataset format '" + name + "'; expected one of "
                + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining(", ")));
    }
}
