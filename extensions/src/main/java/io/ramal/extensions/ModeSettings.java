package io.ramal.extensions;

/**
 * The typed settings of one extension, parsed once from its {@code settings} map by its mode's
 * {@link ModeSettingsParser} when the entry is read, and carried by the {@link Extension} to the
 * listener and every call it answers. The gateway implements one type per mode (the AI bridge's,
 * a queue's, an attendant's); this module knows only what every mode shares, the call's starting
 * format. Implementations are immutable values.
 */
public interface ModeSettings {

    /** The audio a call starts in, before the caller's first frame. */
    CallFormat format();
}
