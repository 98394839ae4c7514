package io.ramal.gateway;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, which the gateway also logs at start. */
public final class Version implements IVersionProvider {

    /** The implementation version of the running jar, or {@code dev} outside one. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"ramal " + current()};
    }
}
