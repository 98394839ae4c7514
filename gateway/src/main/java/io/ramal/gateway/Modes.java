package io.ramal.gateway;

import io.ramal.extensions.FormatOnly;
import io.ramal.extensions.Mode;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.gateway.ai.AiSettings;
import io.ramal.gateway.queue.AgentSettings;
import io.ramal.gateway.queue.QueueSettings;

import java.util.Map;

/**
 * The settings parser of every mode this gateway serves, registered once: echo reads only the
 * call's format, ai its {@link AiSettings}, queue its {@link QueueSettings}, agent its
 * {@link AgentSettings}. The stores parse each entry with it when they read it, and the admin
 * CLI checks an edit with it without starting anything; nothing else parses a mode's settings.
 */
public final class Modes {

    /** Every mode's parser. */
    public static final ModeSettingsRegistry SETTINGS = ModeSettingsRegistry.of(Map.of(
            Mode.ECHO, FormatOnly.PARSER,
            Mode.AI, AiSettings::parse,
            Mode.QUEUE, QueueSettings::parse,
            Mode.AGENT, AgentSettings::parse));

    private Modes() {
    }
}
