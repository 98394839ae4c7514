/**
 * The prompt library: every recorded or generated sound the gateway plays to a caller.
 * {@link io.ramal.gateway.prompt.Clip} turns a WAV into call audio (converted once per rate,
 * whole 20 ms frames); {@link io.ramal.gateway.prompt.Prompts} is the queue's announcement set
 * ({@link io.ramal.gateway.prompt.Prompt}), read at start from {@code config/prompts};
 * {@link io.ramal.gateway.prompt.Tones} makes the tones played when no recording is named. The
 * AI fallback loads its own files lazily and plays them as clips.
 *
 * <p>Depends only on {@code io.ramal.audio}: no network, no call state.
 */
package io.ramal.gateway.prompt;
