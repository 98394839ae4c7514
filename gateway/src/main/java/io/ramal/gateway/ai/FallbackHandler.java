package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.prompt.Clip;
import io.ramal.gateway.prompt.Tones;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * What a caller gets when the agent cannot serve: the fallback prompt (after whatever the agent
 * had queued), then a transfer to the fallback target, or a hangup. The caller never waits in
 * dead air: a prompt file still loading gets {@link #PROMPT_WAIT_TICKS} ticks, then the tone
 * plays instead.
 *
 * <p>Confined to the call's event loop.
 */
final class FallbackHandler implements CallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackHandler.class);

    /** Ticks a prompt still loading may take before the tone plays instead (500 ms). */
    static final int PROMPT_WAIT_TICKS = 25;

    private final CompletableFuture<Clip> prompt;
    private final CallHandler next;
    private final String target;
    private boolean played;
    private int waited;
    private boolean done;

    /**
     * @param prompt the prompt file, null for the tone
     * @param next   the handler to transfer to after the prompt, null to hang up
     * @param target the name of {@code next}, for logs
     */
    FallbackHandler(CompletableFuture<Clip> prompt, CallHandler next, String target) {
        this.prompt = prompt;
        this.next = next;
        this.target = target;
    }

    /**
     * The fallback of {@code call}'s AI extension, whose agent at {@code shownUrl} (for logs) failed
     * because of {@code why}: the prompt, and the transfer target when it is serving. Says so in
     * one WARN line.
     */
    static FallbackHandler of(AiModule module, AiSettings settings, Call call, String shownUrl, String why,
                              Throwable cause) {
        String prefix = call.logPrefix();
        AiSettings.Fallback f = settings.fallback();
        CallHandler next = null;
        if (f.transfer() != null) {
            try {
                next = module.transfers().find(f.transfer(), call).orElse(null);
            } catch (RuntimeException e) {
                LOG.error("{} ai fallback target lookup failed target={}", prefix, LogText.escape(f.transfer()), e);
            }
        }
        String then = next != null ? "transfer target=" + f.transfer()
                : f.transfer() != null ? "hangup (target " + f.transfer() + " unknown)" : "hangup";
        LOG.warn("{} ai fallback reason={} url={} cause=\"{}\" prompt={} then={}", prefix, LogText.escape(why), shownUrl,
                cause == null ? "" : LogText.escape(cause.toString()), f.prompt() == null ? "tone" : LogText.escape(f.prompt()),
                LogText.escape(then));
        return new FallbackHandler(f.prompt() == null ? null : module.prompts().get(f.prompt()), next, f.transfer());
    }

    @Override
    public void onStart(CallContext call) {
        playIfReady(call);
    }

    @Override
    public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
        // The caller is listening to the prompt; there is no one to hear them yet.
    }

    @Override
    public void onTick(CallContext call) {
        if (done) {
            return;
        }
        if (!played) {
            playIfReady(call);
            return;
        }
        if (call.playout().isEmpty()) {
            done = true;
            if (next != null) {
                call.transfer(next, target, "ai fallback to " + target);
            } else {
                LOG.info("{} ai fallback prompt played, hanging up", call.call().logPrefix());
                call.hangup("ai fallback");
            }
        }
    }

    private void playIfReady(CallContext call) {
        byte[] audio;
        if (prompt == null) {
            audio = Tones.fallback(call.format());
        } else if (prompt.isDone() && !prompt.isCompletedExceptionally() && prompt.getNow(null) != null) {
            audio = prompt.getNow(null).at(call.format());
        } else if (prompt.isDone() || ++waited > PROMPT_WAIT_TICKS) {
            audio = Tones.fallback(call.format());
        } else {
            return;
        }
        played = true;
        call.play(audio, 0, audio.length);
        call.playout().flushPartial();
    }
}
