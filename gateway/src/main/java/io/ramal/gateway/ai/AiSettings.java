package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;
import io.ramal.extensions.CallFormat;
import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.LogText;
import io.ramal.extensions.ModeSettings;
import io.ramal.extensions.ModeSettingsRegistry;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The settings of an {@code ai} extension, parsed from its {@code settings} map when the entry is
 * read (the ai mode's {@link io.ramal.extensions.ModeSettingsParser}). Keys (see the package
 * documentation for the table): {@code url}, {@code headers}, {@code parameters},
 * {@code protocol}, {@code rate}, {@code connect-timeout}, {@code agent-silence-timeout},
 * {@code fallback} ({@code prompt}, {@code transfer}), and the {@code format} every mode has.
 *
 * @param url                 the agent's address, {@code ws://} or {@code wss://}, with optional
 *                            {@code {uuid}} and {@code {ramal}} placeholders
 * @param headers             extra HTTP headers of the WebSocket handshake (an API key...)
 * @param parameters          the {@code start} message's {@code customParameters}
 * @param protocol            Twilio Media Streams or raw slin
 * @param rate                the agent's sample rate for {@link AgentProtocol#RAW}; null follows
 *                            the call; always 8 kHz for Twilio
 * @param connectTimeout      TCP connect, TLS and WebSocket handshake must each finish in this
 * @param agentSilenceTimeout dead air that triggers the fallback: nothing playing from the agent
 *                            and the caller not speaking for this long; zero disables
 * @param fallback            what the caller gets when the agent fails
 * @param format              the call's starting format
 */
public record AiSettings(String url, Map<String, String> headers, Map<String, String> parameters,
                         AgentProtocol protocol, AudioFormat rate, Duration connectTimeout,
                         Duration agentSilenceTimeout, Fallback fallback, CallFormat format)
        implements ModeSettings {

    /** Default of {@code connect-timeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Default of {@code agent-silence-timeout}. */
    public static final Duration DEFAULT_AGENT_SILENCE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The extension's fallback.
     *
     * @param prompt   WAV file (16-bit mono PCM, any rate) played first; null plays a tone
     * @param transfer where the caller goes after the prompt; null hangs up
     */
    public record Fallback(String prompt, String transfer) {
    }

    public AiSettings {
        headers = Map.copyOf(headers);
        parameters = Map.copyOf(parameters);
    }

    /**
     * Reads a settings map, {@code format} included.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static AiSettings from(Map<String, ?> values) {
        return ModeSettingsRegistry.read("settings", AiSettings::parse, values);
    }

    /**
     * The ai mode's parser: reads every key but {@code format} (read already) and refuses the rest.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static AiSettings parse(ConfigSection s, CallFormat format) {
        String url = s.string("url", null);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("settings.url is missing: an ai extension needs the agent's ws:// or wss:// URL");
        }
        uri(url, UUID.randomUUID(), "9999"); // fails now rather than on every call
        Map<String, String> headers = strings(s, "headers");
        Map<String, String> parameters = strings(s, "parameters");
        AgentProtocol protocol = AgentProtocol.parse(s.key("protocol"), s.string("protocol", "twilio"));
        AudioFormat rate = null;
        Object r = s.raw("rate");
        if (r != null) {
            int hz = s.integer("rate", 8000, 8000, 24000);
            if (hz != 8000 && hz != 16000 && hz != 24000) {
                throw new IllegalArgumentException(s.key("rate") + "=" + r + " is invalid, allowed: 8000, 16000, 24000");
            }
            if (protocol == AgentProtocol.TWILIO && hz != 8000) {
                throw new IllegalArgumentException(s.key("rate") + "=" + r
                        + " is invalid with protocol twilio (always mu-law 8000 Hz); use protocol: raw");
            }
            rate = AudioFormat.ofSampleRate(hz);
        }
        Duration connect = s.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration silence = s.duration("agent-silence-timeout", DEFAULT_AGENT_SILENCE_TIMEOUT, Duration.ZERO, Duration.ofHours(1));
        ConfigSection f = s.section("fallback");
        Fallback fallback = new Fallback(blankToNull(f.string("prompt", null)), blankToNull(f.string("transfer", null)));
        f.finish();
        s.finish();
        return new AiSettings(url, headers, parameters, protocol, rate, connect, silence, fallback, format);
    }

    /**
     * The agent's URI for one call: placeholders replaced (URL-encoded).
     *
     * @throws IllegalArgumentException when the result is not a ws/wss URI with a host
     */
    public URI uri(UUID call, String ramal) {
        return uri(url, call, ramal);
    }

    /** The agent's format: mu-law's 8 kHz for Twilio, else the {@code rate} or the call's. */
    public AudioFormat agentFormat(AudioFormat callFormat) {
        if (protocol == AgentProtocol.TWILIO) {
            return AudioFormat.SLIN_8K;
        }
        return rate != null ? rate : callFormat;
    }

    /** The URL without user info, query or fragment: what logs may show (queries carry keys). */
    public static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    }

    private static URI uri(String template, UUID call, String ramal) {
        String u = template.replace("{uuid}", call.toString())
                .replace("{ramal}", URLEncoder.encode(ramal, StandardCharsets.UTF_8));
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("settings.url=" + LogText.escape(DbConfig.maskUrl(template))
                    + " is not a URL: " + LogText.escape(e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("settings.url=" + template + " is invalid, allowed: ws://host[:port]/path or wss://...");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("settings.url=" + template + " has no host");
        }
        return uri;
    }

    private static Map<String, String> strings(ConfigSection s, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : s.map(key).entrySet()) {
            if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof Iterable) {
                throw new IllegalArgumentException(s.key(key) + "." + e.getKey() + "=" + e.getValue()
                        + " is invalid, allowed: a string, number or boolean");
            }
            out.put(e.getKey(), e.getValue().toString());
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
