package org.sdrnet.spi;

/** A service found by name through {@link java.util.ServiceLoader}. */
public interface Named {
    /** The name users type (lower case, e.g. {@code unified}). */
    String name();

    /** One line for listings and {@code --help}. */
    String description();
}
