package io.ramal.extensions;

/**
 * The settings of a mode that has none of its own (the echo line): the call's starting format.
 * Also what an {@link Extension} built in code without a registry carries; its other keys are
 * left unread.
 *
 * @param format the audio a call starts in
 */
public record FormatOnly(CallFormat format) implements ModeSettings {

    /** The parser of a mode with no settings of its own; other keys are accepted unread. */
    public static final ModeSettingsParser<FormatOnly> PARSER = (settings, format) -> new FormatOnly(format);

    public FormatOnly {
        java.util.Objects.requireNonNull(format, "format");
    }
}
