package io.ramal.extensions;

import java.util.List;

/**
 * What a store holds at one moment: the entries that can be served and the ones refused, each
 * with its reason. Disabled extensions are included (with {@code enabled=false}).
 *
 * @param extensions valid entries, in the store's order
 * @param rejected   entries that could not become an {@link Extension}
 */
public record ExtensionSnapshot(List<Extension> extensions, List<RejectedExtension> rejected) {

    public ExtensionSnapshot {
        extensions = List.copyOf(extensions);
        rejected = List.copyOf(rejected);
    }
}
