package org.sdrnet.data.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import org.sdrnet.data.DataException;
import org.sdrnet.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list of emoji in an {@code emoji-datasource} package's {@code emoji.json}: for each emoji its PNG file
 * name ({@code image}), {@code category}, {@code subcategory}, {@code sort_order} and the PNG names of its
 * skin-tone variations. Entries keep the file's order.
 */
public final class EmojiIndex {

    /**
     * One emoji.
     *
     * @param image       PNG file name under {@code img/<vendor>/64}
     * @param variations  PNG file names of its skin-tone variations (same category)
     */
    public record Emoji(String image, String category, String subcategory, int sortOrder, List<String> variations) {}

    private final Path file;
    private final List<Emoji> emoji;
    private final Map<String, String> categoryOfImage;

    private EmojiIndex(Path file, List<Emoji> emoji) {
        this.file = file;
        this.emoji = List.copyOf(emoji);
        Map<String, String> byImage = new HashMap<>();
        for (Emoji e : emoji) {
            byImage.put(e.image(), e.category());
            e.variations().forEach(v -> byImage.put(v, e.category()));
        }
        this.categoryOfImage = Collections.unmodifiableMap(byImage);
    }

    /** Parses {@code emojiJson}; a DataException naming the file and entry when it is not the expected list. */
    public static EmojiIndex read(Path emojiJson) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(emojiJson));
        } catch (IOException e) {
            throw new DataException(emojiJson + ": cannot read emoji list (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new DataException(emojiJson + ": expected a non-empty JSON array of emoji");
        }
        List<Emoji> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String image = text(n, "image");
            String category = text(n, "category");
            if (image == null || category == null) {
                throw new DataException(emojiJson + ": entry " + i + " lacks 'image' or 'category'");
            }
            List<String> variations = new ArrayList<>();
            JsonNode skins = n.get("skin_variations");
            if (skins != null && skins.isObject()) {
                for (Iterator<JsonNode> it = skins.elements(); it.hasNext(); ) {
                    String v = text(it.next(), "image");
                    if (v != null) {
                        variations.add(v);
                    }
                }
            }
            out.add(new Emoji(image, category, Optional.ofNullable(text(n, "subcategory")).orElse(""),
                    n.path("sort_order").asInt(i), List.copyOf(variations)));
        }
        return new EmojiIndex(emojiJson, out);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The file this index was read from. */
    public Path file() { return file; }

    /** All emoji (skin-tone variations are not separate entries), in file order. */
    public List<Emoji> emoji() { return emoji; }

    /** The category of a PNG file name, base emoji and skin-tone variations alike. */
    public Optional<String> categoryOf(String imageName) {
        return Optional.ofNullable(categoryOfImage.get(imageName));
    }
}
