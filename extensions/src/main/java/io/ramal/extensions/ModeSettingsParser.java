package io.ramal.extensions;

/**
 * The port through which a mode turns its extensions' {@code settings} into its
 * {@link ModeSettings}: the gateway implements one per mode and registers it in a
 * {@link ModeSettingsRegistry}, as it implements {@link ListenerFactory}, so this module never
 * imports the gateway.
 *
 * @param <T> the mode's settings type
 */
@FunctionalInterface
public interface ModeSettingsParser<T extends ModeSettings> {

    /**
     * Reads the mode's own keys. The common {@code format} key has been read already; a parser
     * that knows every key of its mode ends with {@link ConfigSection#finish()}, so a typo is
     * refused rather than ignored.
     *
     * @param settings the extension's settings, keys named {@code settings.<key>} in messages
     * @param format   the call's starting format, read from the same section
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    T parse(ConfigSection settings, CallFormat format);
}
