package org.sdrnet.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The library's JSON mappers, one per output style, so that every file of a kind is written with the same settings
 * and the (costly, thread-safe) mappers and their serializer caches are built once. Shared instances: never
 * reconfigure them; a caller that needs other settings makes its own.
 */
public final class Json {
    /** Jackson's defaults, compact output: metadata strings, tree files, logs. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Jackson's defaults with indented output: manifests, headers and reports meant to be read by people too. */
    public static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }
}
