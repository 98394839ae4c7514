/**
 * The AI bridge: each call of an {@code ai} extension streamed to a voice agent over WebSocket,
 * speaking <a href="https://www.twilio.com/docs/voice/media-streams/websocket-messages">Twilio
 * Media Streams</a> as the client, so that agents built for Twilio (Pipecat's Twilio transport,
 * Ultravox's Twilio medium, OpenAI Realtime relays...) work unchanged.
 *
 * <h2>Wiring</h2>
 * {@link io.ramal.gateway.ai.AiModule} is created once with the gateway's transport and a
 * {@link io.ramal.gateway.ai.TransferTargets} lookup, and registers the handler for mode
 * {@code ai}. Each call's WebSocket runs on the call's own event loop. The {@code protocol}
 * setting names the call's {@code AgentWire}, one class per protocol
 * ({@code TwilioMediaStreams}, {@code RawAudio}), which encodes the caller's side and decodes the
 * agent's; the handler never asks which protocol it speaks.
 *
 * <h2>Extension settings</h2>
 * <table>
 * <caption>settings of an ai extension</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code url}</td><td>required</td><td>{@code ws://} or {@code wss://} address of the agent;
 *     {@code {uuid}} and {@code {ramal}} are replaced (URL-encoded). Only scheme, host, port and path
 *     are ever logged.</td></tr>
 * <tr><td>{@code headers}</td><td>none</td><td>extra handshake headers, e.g. {@code Authorization}</td></tr>
 * <tr><td>{@code parameters}</td><td>none</td><td>{@code start.customParameters}; {@code ramal} is always added</td></tr>
 * <tr><td>{@code protocol}</td><td>{@code twilio}</td><td>{@code twilio} or {@code raw}</td></tr>
 * <tr><td>{@code rate}</td><td>the call's</td><td>raw only: 8000, 16000 or 24000 Hz towards the agent
 *     (resampled both ways); twilio is always mu-law 8000 Hz</td></tr>
 * <tr><td>{@code connect-timeout}</td><td>{@code 3s}</td><td>TCP connect, and separately the TLS and
 *     WebSocket handshake, must each finish within this</td></tr>
 * <tr><td>{@code agent-silence-timeout}</td><td>{@code 10s}</td><td>dead air that triggers the fallback:
 *     no agent audio playing or arriving and no caller speech (energy at least -45 dBFS) for this long;
 *     {@code 0} disables</td></tr>
 * <tr><td>{@code fallback.prompt}</td><td>a tone</td><td>WAV (16-bit mono PCM, any rate) played when the
 *     agent fails; relative to {@code RAMAL_HOME}; without it three falling beeps (about 1 s)</td></tr>
 * <tr><td>{@code fallback.transfer}</td><td>hang up</td><td>queue or ramal the caller moves to after the
 *     prompt</td></tr>
 * </table>
 *
 * <h2>Messages to the agent (JSON text frames)</h2>
 * <ul>
 * <li>{@code {"event":"connected","protocol":"Call","version":"1.0.0"}}</li>
 * <li>{@code start}: {@code accountSid} "ramal", {@code streamSid} ("MZ" and 32 hex digits),
 *     {@code callSid} (the AudioSocket UUID), {@code tracks ["inbound"]}, {@code customParameters},
 *     {@code mediaFormat} {@code {"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}
 *     (raw: {@code "audio/x-slin"}, signed 16-bit little-endian, at the agent's rate)</li>
 * <li>{@code media}: {@code media.payload} base64 mu-law, exactly 20 ms (160 bytes), with
 *     {@code media.chunk} (1, 2...) and {@code media.timestamp} (milliseconds of audio sent before
 *     it). Raw: binary frames of 20 ms of slin instead. The stream starts at the caller's first
 *     frame: what came while the WebSocket connected (two seconds at most) follows {@code start}
 *     at once, with its own timestamps.</li>
 * <li>{@code dtmf}: {@code {"dtmf":{"track":"inbound_track","digit":"5"}}}</li>
 * <li>{@code mark}: the echo of the agent's mark, {@code {"mark":{"name":"..."}}}</li>
 * <li>{@code stop}: when the AI leg ends (caller hangup, transfer, hangup, fallback), before the
 *     close frame</li>
 * <li>{@code {"event":"ramal","action":"transfer-failed","target":"x","reason":"unknown target"}}
 *     when a transfer names no known target (the call stays with the agent)</li>
 * </ul>
 * Every message after {@code connected} carries {@code streamSid} and a string
 * {@code sequenceNumber} that counts all messages.
 *
 * <h2>Messages from the agent</h2>
 * <ul>
 * <li>{@code media}: base64 mu-law of any length (raw: binary slin messages of any length, even an
 *     odd one), queued into the playout buffer and re-framed to 20 ms; the caller hears it paced at
 *     20 ms however fast it came.</li>
 * <li>{@code mark}: echoed back with the same name once every frame queued before it has been sent
 *     to the caller (or dropped), in order; at once when nothing is queued.</li>
 * <li>{@code clear}: barge-in; the playout buffer is emptied at once (the caller hears silence from
 *     the next frame) and every pending mark is echoed.</li>
 * <li>{@code {"event":"ramal","action":"transfer","target":"suporte","afterPlayout":true}}: moves the
 *     caller to the queue or ramal {@code target}, after the queued audio has played when
 *     {@code afterPlayout} (the default) is true, at once otherwise.</li>
 * <li>{@code {"event":"ramal","action":"hangup","afterPlayout":true}}: ends the call, likewise.</li>
 * </ul>
 * Other events are ignored; malformed messages are counted and logged (the first three per call
 * at WARN) and skipped. An agent that closes after asking for a transfer or hangup still gets it.
 *
 * <h2>Failure</h2>
 * Agent unreachable, handshake refused or timed out, socket closed or broken mid-call, or dead air
 * past {@code agent-silence-timeout}: the extension's fallback takes the call ({@code ai fallback}
 * WARN line with the reason), plays the prompt after whatever was queued, then transfers or hangs
 * up. Each AI leg ends with one {@code ai ended} INFO line and an {@link
 * io.ramal.gateway.ai.AiCallStats} (turn latency, underruns...).
 *
 * <h2>Demo</h2>
 * {@link io.ramal.gateway.ai.demo.AiDemoServer} ({@code ramal ai-demo}) speaks the agent's side
 * with no AI behind it.
 */
package io.ramal.gateway.ai;
