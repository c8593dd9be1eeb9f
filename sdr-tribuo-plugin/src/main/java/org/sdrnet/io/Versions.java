package org.sdrnet.io;

/** The library's own version, from the jar manifest (or "dev" when run from classes). */
public final class Versions {
    private Versions() {
    }

    public static String library() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
