package io.ramal.extensions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One extension's wanted and running state, as the {@link Reconciler} tracks it: the entry it
 * should serve (or the refusal that replaced it), the listener serving now, a bind in progress,
 * listeners still draining, and the retry back-off. Confined to the manager's thread.
 */
final class Slot {
    final String ramal;
    Extension wanted;                   // null when refused or gone
    RejectedExtension refusal;          // the parser's verdict when refused
    Listener listener;                  // the one serving now
    Extension binding;                  // bind in progress for this extension
    CompletableFuture<Listener> pending; // that bind, as the factory returned it
    int draining;                       // listeners of this slot still draining their calls
    ScheduledFuture<?> retry;
    int attempts;
    Object refusedEdit;                 // the edit last refused (Extension or RejectedExtension), warned about once

    Slot(String ramal) {
        this.ramal = ramal;
    }

    boolean wantsListener() {
        return wanted != null && wanted.enabled();
    }

    void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }
}
